//! `phr relay serve`: runs the relay (shares, messages and the professionals' viewer) on
//! this machine, on SQLite or PostgreSQL.

use clap::{Args, Subcommand};

use crate::error::{CliError, CliResult};
use crate::say;

/// `phr relay ...`
#[derive(Debug, Args)]
pub struct RelayArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: RelayCommand,
}

/// The `relay` subcommands.
#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// Serve until Ctrl-C. Prints `PHR_RELAY_URL=<public URL>` once listening.
    Serve {
        /// Where to listen, e.g. 127.0.0.1:8080 (port 0 for any free port).
        #[arg(long)]
        listen: String,
        /// sqlite://PATH (one instance) or postgres://user@host:port/db (several).
        #[arg(long)]
        db: String,
        /// The base URL written into links (behind TLS in production), e.g.
        /// https://relay.example.org; http://ADDR:PORT of the socket when not given.
        #[arg(long)]
        public_url: Option<String>,
    },
}

/// Runs `phr relay ...` (no record is opened).
pub fn run(args: RelayArgs) -> CliResult {
    let RelayCommand::Serve {
        listen,
        db,
        public_url,
    } = args.command;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the relay: {e}")))?;
    runtime.block_on(async {
        let config = phr_relay::RelayConfig::new(&listen, &db, public_url.as_deref())
            .map_err(|e| CliError::usage(e.to_string()))?;
        let relay = phr_relay::serve(config)
            .await
            .map_err(|e| CliError::failed(e.to_string()))?;
        say!("PHR_RELAY_URL={}", relay.public_url());
        relay
            .run_until_ctrl_c()
            .await
            .map_err(|e| CliError::failed(e.to_string()))
    })
}
