//! Runs Debian's nginx with `deploy/nginx.conf` in front of the sandbox, as the README deploys it.

use std::net::TcpListener;
use std::process::{Command, Stdio};

use crate::util::root;

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Writes a runnable nginx.conf from `deploy/nginx.conf`: the placeholders for the listen port,
/// the console's dist folder and Quay's address are filled in; runs `f` with the console URL.
pub fn with_nginx(
    sandbox_url: &str,
    f: impl FnOnce(&str) -> Result<(), String>,
) -> Result<(), String> {
    let template = std::fs::read_to_string(root().join("deploy/nginx.conf"))
        .map_err(|e| format!("deploy/nginx.conf: {e}"))?;
    let port = free_port()?;
    let prefix = std::env::temp_dir().join(format!("quay-console-nginx-{port}"));
    std::fs::create_dir_all(prefix.join("logs")).map_err(|e| e.to_string())?;
    let upstream = sandbox_url.trim_start_matches("http://");
    // The deployment's dist/: the build plus the config.json a deployer writes beside index.html.
    let site = prefix.join("dist");
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&root().join("dist"), &site)?;
    std::fs::write(
        site.join("config.json"),
        r#"{"quay_url": "", "client_id": "CONSOLE0DEMO0CLIENT0ID", "scopes": ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "user:admin", "org:admin", "super:user"]}"#,
    )
    .map_err(|e| e.to_string())?;
    let server = template
        .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port};"))
        .replace("listen [::]:443 ssl;", "")
        .replace("/srv/quay-console/dist", &site.display().to_string())
        .replace("quay-app:8080", upstream)
        .lines()
        .filter(|l| !l.trim_start().starts_with("ssl_"))
        .collect::<Vec<_>>()
        .join("\n");
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {pid};\nerror_log {prefix}/logs/error.log warn;\n\
         events {{ worker_connections 256; }}\nhttp {{\n  include /etc/nginx/mime.types;\n  \
         access_log off;\n  client_body_temp_path {prefix}/tmp;\n  \
         proxy_temp_path {prefix}/tmp;\n  fastcgi_temp_path {prefix}/tmp;\n  uwsgi_temp_path {prefix}/tmp;\n  \
         scgi_temp_path {prefix}/tmp;\n{server}\n}}\n",
        pid = prefix.join("nginx.pid").display(),
        prefix = prefix.display(),
    );
    let conf_path = prefix.join("nginx.conf");
    std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
    let _ = std::fs::create_dir_all(prefix.join("tmp"));
    let mut child = Command::new("nginx")
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start nginx: {e}"))?;
    // Wait for it to listen.
    let mut up = false;
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let result = if up {
        println!("nginx in front of the sandbox: http://127.0.0.1:{port}/console/");
        f(&format!("http://127.0.0.1:{port}/console/"))
    } else {
        Err(format!(
            "nginx did not start; see {}/logs/error.log",
            prefix.display()
        ))
    };
    // SIGTERM lets the master stop its workers (SIGKILL would orphan them).
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let _ = child.wait();
    result
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
