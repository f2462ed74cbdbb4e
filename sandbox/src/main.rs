//! `quay-sandbox`: parse options, bind, print the URL, serve until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use quay_sandbox::options::{self, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let opts = match options::parse(std::env::args().skip(1)) {
        Ok(Command::Run(opts)) => opts,
        Ok(Command::Help) => {
            let _ = std::io::stdout().write_all(options::HELP.as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "quay-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((opts.host.as_str(), opts.port)).await {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "quay-sandbox: cannot bind {}:{}: {e}",
                opts.host,
                opts.port
            );
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let host = if opts.host.contains(':') {
        format!("[{}]", opts.host)
    } else {
        opts.host.clone()
    };
    let state = quay_sandbox::build_state(opts);
    let app = quay_sandbox::app(state);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "Quay sandbox listening on http://{host}:{port}/console/"
        );
        let _ = writeln!(
            out,
            "Demo sign-in: devtable / password (superuser), reader / password (member)"
        );
        let _ = out.flush();
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "quay-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
