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
    let console_listener = match opts.console_port {
        Some(console_port) => {
            match tokio::net::TcpListener::bind((opts.host.as_str(), console_port)).await {
                Ok(l) => Some(l),
                Err(e) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "quay-sandbox: cannot bind {}:{console_port}: {e}",
                        opts.host
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
        None => None,
    };
    let state = quay_sandbox::build_state(opts);
    let app = quay_sandbox::app(state.clone());
    let console_url = console_listener.map(|listener| {
        let console_port = listener.local_addr().map_or(0, |a| a.port());
        quay_sandbox::cross_origin::allow_console_origin(&format!("http://{host}:{console_port}"));
        let console = quay_sandbox::cross_origin::app(state, format!("http://{host}:{port}"));
        tokio::spawn(async move { axum::serve(listener, console).await });
        format!("http://{host}:{console_port}/console/")
    });
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "Quay sandbox listening on http://{host}:{port}/console/"
        );
        if let Some(url) = console_url {
            let _ = writeln!(out, "Console (cross-origin) on {url}");
        }
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
