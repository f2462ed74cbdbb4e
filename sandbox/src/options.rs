//! Command-line options (hand-parsed: `--name value` or `--name=value`).

use std::path::PathBuf;

use crate::latency::Model;
use crate::world::SeedOptions;

/// Everything the sandbox can be started with.
#[derive(Clone, Debug)]
pub struct Options {
    pub host: String,
    /// 0 picks a free port.
    pub port: u16,
    /// The console build to serve under `/console/`.
    pub dist: PathBuf,
    /// Added to every `/api/v1` response.
    pub latency_ms: u64,
    /// Share (0..1) of `/api/v1` calls that answer 500.
    pub fail_rate: f64,
    pub seed: SeedOptions,
    /// Demo shortcut: `/oauth/authorize` without a session shows the sign-in form instead of Quay's 401.
    pub friendly_signin: bool,
    /// Quay's `CORS_ORIGIN`: origins whose `/api/v1` calls may carry credentials (empty: `*`, none).
    pub cors_origins: Vec<String>,
    /// What a bearer-token call costs (`latency.rs`), and on how many web workers.
    pub latency_model: Model,
    pub workers: usize,
    /// Also serve the console alone on this port (0 = free), with the API as another origin.
    pub console_port: Option<u16>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            dist: PathBuf::from("dist"),
            latency_ms: 0,
            fail_rate: 0.0,
            seed: SeedOptions::default(),
            friendly_signin: false,
            cors_origins: Vec::new(),
            latency_model: Model::None,
            workers: 2,
            console_port: None,
        }
    }
}

pub const HELP: &str = "\
quay-sandbox: an in-memory stand-in for Red Hat Quay's REST API, serving Quay Console

USAGE: quay-sandbox [OPTIONS]

OPTIONS:
  --host HOST        address to bind (default 127.0.0.1)
  --port PORT        port to bind, 0 = any free port (default 8080)
  --dist DIR         console build served under /console/ (default dist)
  --tags N           tags generated in buynlarge/big (default 2000)
  --logs N           extra log entries spread over the last six weeks (default 3000)
  --latency MS       delay added to every /api/v1 response (default 0)
  --fail-rate F      share 0..1 of /api/v1 calls answering 500 (default 0)
  --seed N           seed of the generated data and of injected failures (default 42)
  --hostile          seed the hostile-data corpus (script tags, javascript: URLs, 10,000-character
                     strings, RTL overrides, NUL...) into every text Quay echoes (see hostile.rs)
  --friendly-signin  demo shortcut: /oauth/authorize without a Quay session shows the sign-in
                     form (a real Quay answers 401, the default here too)
  --cors-origin O,.. Quay's CORS_ORIGIN: /api/v1 answers these origins with their own
                     Access-Control-Allow-Origin and credentials (default: `*`, no credentials)
  --latency-model M  quay: each /api/v1 call with a bearer token costs what it costs on Quay
                     (~210 ms of bcrypt holding one of --workers web workers); none (default)
  --workers N        Quay web workers for --latency-model quay (default 2)
  --console-port P   also serve only the console on port P (0 = free port) of the same host, its
                     config.json pointing at the API's origin: a cross-origin deployment
  -h, --help         this text

Demo sign-in: devtable / password (superuser), reader / password (member), freshuser / password.
Test control: POST /__sandbox/reset {\"seed\": \"hostile\"|\"default\"}, /__sandbox/pwned, /__sandbox/revoke, /__sandbox/faults, /__sandbox/config,
/__sandbox/grants/clear, /__sandbox/token, /__sandbox/latency; GET /__sandbox/requests,
/__sandbox/faults, /__sandbox/latency.
";

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Options),
    Help,
}

fn parse_value<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("invalid value for {name}: {value:?}"))
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut opts = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--host" => opts.host = value()?,
            "--port" => opts.port = parse_value(&name, &value()?)?,
            "--dist" => opts.dist = PathBuf::from(value()?),
            "--tags" => opts.seed.tags = parse_value(&name, &value()?)?,
            "--logs" => opts.seed.logs = parse_value(&name, &value()?)?,
            "--latency" => opts.latency_ms = parse_value(&name, &value()?)?,
            "--fail-rate" => {
                let rate: f64 = parse_value(&name, &value()?)?;
                if !(0.0..=1.0).contains(&rate) {
                    return Err("--fail-rate must be between 0 and 1".to_owned());
                }
                opts.fail_rate = rate;
            }
            "--seed" => opts.seed.seed = parse_value(&name, &value()?)?,
            "--friendly-signin" => opts.friendly_signin = true,
            "--hostile" => opts.seed.hostile = true,
            "--cors-origin" => {
                let list = value()?;
                opts.cors_origins.extend(
                    list.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty()),
                );
            }
            "--latency-model" => opts.latency_model = value()?.parse()?,
            "--workers" => {
                opts.workers = parse_value(&name, &value()?)?;
                if opts.workers == 0 {
                    return Err("--workers must be at least 1".to_owned());
                }
            }
            "--console-port" => opts.console_port = Some(parse_value(&name, &value()?)?),
            _ => return Err(format!("unknown option {arg:?} (try --help)")),
        }
    }
    Ok(Command::Run(opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        match parse(args.iter().map(|s| (*s).to_owned())) {
            Ok(Command::Run(opts)) => opts,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn parses_both_forms() {
        let o = run(&[
            "--port",
            "0",
            "--tags=5",
            "--fail-rate",
            "0.5",
            "--dist",
            "x",
        ]);
        assert_eq!(o.port, 0);
        assert_eq!(o.seed.tags, 5);
        assert!((o.fail_rate - 0.5).abs() < f64::EPSILON);
        assert_eq!(o.dist, PathBuf::from("x"));
        assert!(parse(["--nope".to_owned()]).is_err());
        assert!(parse(["--fail-rate".to_owned(), "2".to_owned()]).is_err());
        assert!(matches!(parse(["--help".to_owned()]), Ok(Command::Help)));
        let o = run(&[
            "--friendly-signin",
            "--cors-origin",
            "http://a:1, https://b/",
        ]);
        assert!(o.friendly_signin);
        assert_eq!(o.cors_origins, ["http://a:1", "https://b"]);
    }

    #[test]
    fn parses_the_latency_model() {
        let o = run(&[]);
        assert_eq!(
            (o.latency_model, o.workers, o.console_port),
            (Model::None, 2, None)
        );
        let o = run(&[
            "--latency-model",
            "quay",
            "--workers=4",
            "--console-port",
            "0",
        ]);
        assert_eq!(
            (o.latency_model, o.workers, o.console_port),
            (Model::Quay, 4, Some(0))
        );
        assert!(parse(["--latency-model=slow".to_owned()]).is_err());
        assert!(parse(["--workers=0".to_owned()]).is_err());
    }
}
