//! Starting the agency: open its database, bind its port, serve the API and run the automatic
//! worker for as long as the returned task lives.

use std::{io, net::SocketAddr};

use tokio::task::JoinHandle;

use crate::{api, config::Config, state::AppState, store::Database, workbench, worker};

/// An agency serving in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub public_url: String,
    /// Serves and runs the worker; aborting it stops both and lets go of the database.
    pub task: JoinHandle<io::Result<()>>,
}

/// Binds `config.bind` (port 0 picks a free port), opens the database and serves until the task
/// is aborted.
pub async fn start(config: Config) -> io::Result<Running> {
    let listener = stand_in_support::bind(config.bind).await?;
    start_on(listener, config).await
}

/// [`start`] on a port already bound, so that a launcher can tell the eID the workbench's
/// address before the agency is told the eID's.
pub async fn start_on(listener: stand_in_support::Listener, config: Config) -> io::Result<Running> {
    config
        .validate()
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
    let db = Database::open(config.database.as_deref())
        .await
        .map_err(|error| io::Error::other(format!("cannot open the agency database: {error}")))?;
    workbench::prepare(&db, &config.workbench)
        .await
        .map_err(|error| io::Error::other(format!("cannot prepare the workbench: {error}")))?;
    let addr = listener.addr();
    let public_url = listener.public_url(config.workbench.public_url.as_deref());
    let state = AppState::new(config, db);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = api::router(state.clone()).merge(workbench::router(state.clone(), &public_url));
    let server = listener.serve(router, async {
        let _ = stopped.await;
    });
    let task = tokio::spawn(async move {
        // Dropping `stop` (when this task is aborted) shuts the server down too, since the
        // server runs in a task of its own that an abort here would not reach.
        let _stop_with_me = stop;
        tokio::select! {
            served = server => served.unwrap_or_else(|error| Err(io::Error::other(error))),
            () = worker::run(state) => Ok(()),
        }
    });
    Ok(Running {
        addr,
        public_url,
        task,
    })
}
