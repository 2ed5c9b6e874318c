//! What every binary of the workspace (the portal, the stand-ins, the local stack and the
//! benches) does alike as a process: read its settings from environment variables and the
//! equivalent flags, log in one format, and stop cleanly when asked to, whether by Ctrl-C or by a service manager.

pub mod logging;
pub mod settings;
pub mod shutdown;
