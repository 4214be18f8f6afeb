//! Serves a relay from the command line, the way `phr relay serve` will:
//!
//! ```sh
//! cargo run -p phr-relay --example serve -- --listen 127.0.0.1:8080 --db sqlite://relay.db \
//!     [--public-url https://relay.example.org]
//! ```
//!
//! Prints `PHR_RELAY_URL=<public URL>` once it is listening (the viewer's browser test
//! reads that line), then serves until Ctrl-C.

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: serve --listen ADDR:PORT --db sqlite://PATH|postgres://... [--public-url URL]"
    );
    ExitCode::from(2)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let mut listen = None;
    let mut db = None;
    let mut public_url = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--listen" => &mut listen,
            "--db" => &mut db,
            "--public-url" => &mut public_url,
            _ => return usage(),
        };
        let Some(value) = args.next() else {
            return usage();
        };
        *slot = Some(value);
    }
    let (Some(listen), Some(db)) = (listen, db) else {
        return usage();
    };
    let config = match phr_relay::RelayConfig::new(&listen, &db, public_url.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let relay = match phr_relay::serve(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("PHR_RELAY_URL={}", relay.public_url());
    match relay.run_until_ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
