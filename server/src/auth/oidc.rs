//! The portal as an OpenID Connect relying party of the national eID: authorization-code flow with
//! PKCE (S256), `state` and `nonce`; ID tokens checked for signature (EdDSA only, against the
//! provider's JWKS), issuer, audience, expiry and nonce by the `openidconnect` crate, and for the
//! assurance level (`acr`) here, since the crate accepts any value unless told otherwise.

use crate::clients::http::{self, ExtraRoots};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType,
    CoreClientAuthMethod, CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, AuthenticationContextClass, AuthorizationCode,
    Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio::sync::RwLock;

/// The claims VNeID adds to the standard ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VneidClaims {
    pub personal_id: String,
}

impl AdditionalClaims for VneidClaims {}

/// Discovery's `end_session_endpoint` (RP-initiated logout), which core metadata lacks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogoutMetadata {
    pub end_session_endpoint: Option<EndSessionUrl>,
}

impl AdditionalProviderMetadata for LogoutMetadata {}

type Metadata = ProviderMetadata<
    LogoutMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

type VneidTokenResponse = StandardTokenResponse<
    IdTokenFields<
        VneidClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type VneidClient = Client<
    VneidClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    VneidTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The `acr` values of VNeID's two assurance levels.
pub const ACR_LEVEL_1: &str = "urn:vneid:loa:1";
pub const ACR_LEVEL_2: &str = "urn:vneid:loa:2";

#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_url: String,
    pub post_logout_url: String,
}

/// Why a sign-in could not complete. Each is the citizen's "please try again", and the audit
/// log's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    ProviderUnavailable,
    TokenExchange(String),
    InvalidIdToken(String),
    UnknownAssuranceLevel,
}

impl SignInError {
    pub fn reason(&self) -> String {
        match self {
            Self::ProviderUnavailable => "provider_unavailable".into(),
            Self::TokenExchange(detail) => format!("token_exchange: {detail}"),
            Self::InvalidIdToken(detail) => format!("invalid_id_token: {detail}"),
            Self::UnknownAssuranceLevel => "unknown_acr".into(),
        }
    }
}

/// What the callback must find again: kept server-side, never in the browser.
pub struct PendingSignIn {
    pub authorize_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

pub struct VerifiedIdentity {
    pub personal_id: String,
    pub full_name: String,
    pub birthdate: String,
    pub assurance_level: u8,
}

pub struct RelyingParty {
    settings: OidcSettings,
    http: reqwest::Client,
    metadata: RwLock<Option<Arc<Metadata>>>,
}

impl RelyingParty {
    pub fn new(settings: OidcSettings, roots: &ExtraRoots) -> Self {
        // No redirects followed (`clients::http`): following the provider's would let it send the
        // portal anywhere (SSRF); the protocol never needs it.
        let http = http::client(
            roots,
            std::time::Duration::from_secs(2),
            std::time::Duration::from_secs(10),
        );
        Self {
            settings,
            http,
            metadata: RwLock::new(None),
        }
    }

    /// Discovers the provider (checking that it names itself as the configured issuer) and caches
    /// its metadata and keys. Called at start-up and whenever a token's key is not known yet.
    pub async fn discover(&self) -> Result<Arc<Metadata>, SignInError> {
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|_| SignInError::ProviderUnavailable)?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|error| {
                tracing::warn!(%error, "identity provider discovery failed");
                SignInError::ProviderUnavailable
            })?;
        let metadata = Arc::new(metadata);
        *self.metadata.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    async fn metadata(&self) -> Result<Arc<Metadata>, SignInError> {
        if let Some(metadata) = self.metadata.read().await.clone() {
            return Ok(metadata);
        }
        self.discover().await
    }

    fn client(&self, metadata: &Metadata) -> Result<VneidClient, SignInError> {
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|_| SignInError::ProviderUnavailable)?;
        Ok(VneidClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a sign-in: the provider URL to send the citizen to, and what to keep for the callback.
    pub async fn begin(&self) -> Result<PendingSignIn, SignInError> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_auth_context_value(AuthenticationContextClass::new(ACR_LEVEL_2.into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(PendingSignIn {
            authorize_url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Redeems the code and verifies the ID token. A token signed by a key the cached JWKS does not
    /// hold triggers one fresh discovery, so key rotation at the provider needs no restart.
    pub async fn complete(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<VerifiedIdentity, SignInError> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|error| SignInError::TokenExchange(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|error| SignInError::TokenExchange(error.to_string()))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| SignInError::InvalidIdToken("no id_token".into()))?;
        match verify(&client, id_token, nonce) {
            Err(SignInError::InvalidIdToken(detail))
                if detail.contains("signature") || detail.contains("key") =>
            {
                let fresh = self.discover().await?;
                verify(&self.client(&fresh)?, id_token, nonce)
            }
            other => other,
        }
    }

    /// Where to send the browser after the portal's own session ended, to end the provider's too.
    /// The provider's session is the browser's, known by its own cookie, so the request names only
    /// the client and where to come back: no `id_token_hint`, whose payload (ID number, name,
    /// birth date) would otherwise sit in the browser's history and the provider's access logs.
    pub async fn logout_url(&self) -> Option<String> {
        let metadata = self.metadata().await.ok()?;
        let endpoint = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let mut url = endpoint.url().clone();
        url.query_pairs_mut()
            .append_pair("post_logout_redirect_uri", &self.settings.post_logout_url)
            .append_pair("client_id", &self.settings.client_id);
        Some(url.to_string())
    }
}

type VneidIdToken = openidconnect::IdToken<
    VneidClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

fn verify(
    client: &VneidClient,
    id_token: &VneidIdToken,
    nonce: &str,
) -> Result<VerifiedIdentity, SignInError> {
    let verifier = client
        .id_token_verifier()
        .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EdDsa]);
    let expected_nonce = Nonce::new(nonce.to_string());
    let claims = id_token
        .claims(&verifier, &expected_nonce)
        .map_err(|error| SignInError::InvalidIdToken(error.to_string()))?;
    let assurance_level = match claims.auth_context_ref().map(|acr| acr.as_str()) {
        Some(ACR_LEVEL_2) => 2,
        Some(ACR_LEVEL_1) => 1,
        _ => return Err(SignInError::UnknownAssuranceLevel),
    };
    let personal_id = domain::personal_id::PersonalId::parse(
        &claims.additional_claims().personal_id,
    )
    .map_err(|_| SignInError::InvalidIdToken("personal_id is not a personal ID number".into()))?;
    let full_name = claims
        .name()
        .and_then(|name| name.get(None))
        .map(|name| name.as_str().to_string())
        .unwrap_or_default();
    let birthdate = claims
        .birthdate()
        .map(|date| date.as_str().to_string())
        .unwrap_or_default();
    Ok(VerifiedIdentity {
        personal_id: personal_id.as_str().to_string(),
        full_name,
        birthdate,
        assurance_level,
    })
}
