//! The workbench as a relying party of the eID: authorization code with PKCE (S256), `state`
//! and `nonce`; the ID token checked by the `openidconnect` crate for signature (EdDSA, against
//! the provider's JWKS), issuer, audience, expiry and nonce, and for the assurance level here.
//!
//! The portal has its own relying party (`server/src/auth/oidc.rs`); it is not shared because the
//! only crates both could depend on are `domain`, which is also compiled to WebAssembly and must
//! not pull in an HTTP client, and `cli`, which is about settings. This one is smaller: officers
//! need no provider logout and no claims but the personal ID number and the level.

use std::sync::Arc;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm, CoreProviderMetadata},
    AuthenticationContextClass, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use tokio::sync::RwLock;

/// The `acr` of an eID verified in person (level 2), which officers must have.
pub const ACR_LEVEL_2: &str = "urn:vneid:loa:2";

/// Why a sign-in did not complete; for the log, never with personal data.
#[derive(Debug)]
pub enum SignInError {
    ProviderUnavailable,
    Rejected(String),
}

impl std::fmt::Display for SignInError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ProviderUnavailable => write!(f, "the eID provider could not be reached"),
            Self::Rejected(why) => write!(f, "the sign-in was rejected: {why}"),
        }
    }
}

pub struct Started {
    pub authorize_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who signed in, as the verified ID token says.
pub struct Verified {
    pub personal_id: String,
    /// Whether the account is level 2; officers must be.
    pub level_2: bool,
}

pub struct RelyingParty {
    issuer: String,
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    http: reqwest::Client,
    metadata: RwLock<Option<Arc<CoreProviderMetadata>>>,
}

impl RelyingParty {
    pub fn new(issuer: &str, client_id: &str, client_secret: &str, redirect_uri: String) -> Self {
        let http = reqwest::Client::builder()
            // The protocol never needs a redirect from the provider's endpoints; following one
            // would let them send the agency anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(2))
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("an HTTP client with default TLS settings builds");
        Self {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            redirect_uri,
            http,
            metadata: RwLock::new(None),
        }
    }

    /// The provider's metadata and keys, discovered on first use (the provider may start after
    /// the agency) and again when a token is signed by a key not known yet.
    async fn metadata(&self, fresh: bool) -> Result<Arc<CoreProviderMetadata>, SignInError> {
        if !fresh {
            if let Some(metadata) = self.metadata.read().await.clone() {
                return Ok(metadata);
            }
        }
        let issuer =
            IssuerUrl::new(self.issuer.clone()).map_err(|_| SignInError::ProviderUnavailable)?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|error| {
                tracing::warn!(%error, "eID discovery failed");
                SignInError::ProviderUnavailable
            })?;
        let metadata = Arc::new(metadata);
        *self.metadata.write().await = Some(metadata.clone());
        Ok(metadata)
    }

    fn client(&self, metadata: &CoreProviderMetadata) -> Result<CoreClientSet, SignInError> {
        let redirect = RedirectUrl::new(self.redirect_uri.clone())
            .map_err(|_| SignInError::Rejected("the redirect URI does not parse".into()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(self.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the officer, asking for level 2 and a fresh password (`prompt=login`), so
    /// that a citizen's eID session left open in the same browser never signs an officer in.
    pub async fn start(&self) -> Result<Started, SignInError> {
        let metadata = self.metadata(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = self
            .client(&metadata)?
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_auth_context_value(AuthenticationContextClass::new(ACR_LEVEL_2.into()))
            .add_prompt(openidconnect::core::CoreAuthPrompt::Login)
            .set_pkce_challenge(challenge)
            .url();
        Ok(Started {
            authorize_url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Redeems the code and verifies the ID token.
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<Verified, SignInError> {
        let metadata = self.metadata(false).await?;
        let client = self.client(&metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| SignInError::Rejected(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|error| SignInError::Rejected(format!("token exchange: {error}")))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| SignInError::Rejected("no ID token".into()))?;
        let nonce = Nonce::new(nonce.to_owned());
        let check = |client: &CoreClientSet| {
            let verifier = client
                .id_token_verifier()
                .set_allowed_algs(vec![CoreJwsSigningAlgorithm::EdDsa]);
            id_token
                .claims(&verifier, &nonce)
                .map(|claims| {
                    claims.auth_context_ref().map(|acr| acr.as_str()) == Some(ACR_LEVEL_2)
                })
                .map_err(|error| error.to_string())
        };
        let level_2 = match check(&client) {
            Ok(level_2) => level_2,
            // A key the cached JWKS lacks: the provider rotated; discover once more.
            Err(error) if error.contains("key") || error.contains("signature") => {
                let fresh = self.metadata(true).await?;
                check(&self.client(&fresh)?).map_err(SignInError::Rejected)?
            }
            Err(error) => return Err(SignInError::Rejected(error)),
        };
        Ok(Verified {
            personal_id: personal_id(&id_token.to_string())?,
            level_2,
        })
    }
}

type CoreClientSet = openidconnect::core::CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// The eID's `personal_id` claim of an ID token whose signature and claims were verified above.
/// The core claims type drops claims it does not know, so the payload those checks covered is
/// read once more for this one.
fn personal_id(compact: &str) -> Result<String, SignInError> {
    let rejected = || SignInError::Rejected("no personal_id claim".into());
    let payload = compact.split('.').nth(1).ok_or_else(rejected)?;
    let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| rejected())?;
    let claims: serde_json::Value = serde_json::from_slice(&payload).map_err(|_| rejected())?;
    let id = claims["personal_id"].as_str().ok_or_else(rejected)?;
    domain::personal_id::PersonalId::parse(id)
        .map(|id| id.as_str().to_owned())
        .map_err(|_| rejected())
}
