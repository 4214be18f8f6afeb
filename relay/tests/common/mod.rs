//! Test harness: relays on loopback over real HTTP, on SQLite or on PostgreSQL, with a
//! clock the tests move by hand.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Once};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use phr_relay::{Database, Limits, ManualClock, RelayConfig, RunningRelay};
use rand::RngCore;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The manual clock starts here (2027-01-15).
pub const START: i64 = 1_800_000_000;

/// Where a test's relays keep their state.
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite(tempfile::TempDir),
    /// A fresh PostgreSQL database (admin URL, database URL, database name).
    Postgres {
        admin_url: String,
        url: String,
        name: String,
    },
}

static SKIP_NOTICE: Once = Once::new();

impl Backend {
    pub fn sqlite() -> Backend {
        Backend::Sqlite(tempfile::tempdir().expect("temp dir"))
    }

    /// A fresh database on the server named by `PHR_TEST_POSTGRES_URL`, or `None` (with
    /// a visible notice) when it is not set.
    pub async fn postgres() -> Option<Backend> {
        let Ok(admin_url) = std::env::var("PHR_TEST_POSTGRES_URL") else {
            SKIP_NOTICE.call_once(|| {
                // Written to the real stderr, past the test harness's capture, so the
                // skip shows in every run's output.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: the PostgreSQL relay suite: PHR_TEST_POSTGRES_URL is not set \
                     (scripts/test-relay.sh starts a server and sets it)"
                );
            });
            return None;
        };
        let name = format!("phr_relay_test_{}", rand::random::<u64>());
        let (client, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
            .await
            .expect("connect to PHR_TEST_POSTGRES_URL");
        tokio::spawn(conn);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create a test database");
        let url = with_database(&admin_url, &name);
        Some(Backend::Postgres {
            admin_url,
            url,
            name,
        })
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres { .. })
    }

    fn database(&self) -> Database {
        match self {
            Backend::Sqlite(dir) => Database::Sqlite(dir.path().join("relay.db")),
            Backend::Postgres { url, .. } => Database::Postgres(url.clone()),
        }
    }

    /// A relay on this backend with unlimited rates and its own clock.
    pub async fn start(&self) -> TestRelay {
        self.start_with(Options::default()).await
    }

    pub async fn start_with(&self, options: Options) -> TestRelay {
        let clock = options
            .clock
            .unwrap_or_else(|| Arc::new(ManualClock::new(START)));
        let mut config = RelayConfig::new("127.0.0.1:0", "sqlite://unused", None).expect("config");
        config.database = self.database();
        config.clock = clock.clone();
        config.limits = options.limits;
        config.trust_forwarded_for = options.trust_forwarded_for;
        let relay = phr_relay::serve(config).await.expect("relay starts");
        TestRelay {
            base: relay.public_url().to_owned(),
            http: reqwest::Client::new(),
            clock,
            relay: Some(relay),
        }
    }

    /// Drops the test database.
    pub async fn finish(self) {
        if let Backend::Postgres {
            admin_url, name, ..
        } = self
        {
            let (client, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop the test database");
        }
    }
}

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

pub struct Options {
    pub limits: Limits,
    pub trust_forwarded_for: bool,
    pub clock: Option<Arc<ManualClock>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: Limits::unlimited(),
            trust_forwarded_for: false,
            clock: None,
        }
    }
}

/// A running relay and a client for it.
pub struct TestRelay {
    pub base: String,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    relay: Option<RunningRelay>,
}

/// A reply: status, headers and the body as JSON (`Null` when it is not JSON) and text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    async fn from(r: reqwest::Response) -> Reply {
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The plain sentence of an error reply.
    pub fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or("")
    }
}

impl TestRelay {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        Reply::from(req.send().await.expect("request reaches the relay")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.http.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> Reply {
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    pub async fn put(&self, path: &str, body: Value, token: Option<&str>) -> Reply {
        let mut req = self.http.put(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.http.delete(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    /// Creates a link; panics unless the relay answers 201.
    pub async fn create_link(&self, body: Value) -> CreatedLink {
        let r = self.post("/links", body, None).await;
        assert_eq!(r.status, StatusCode::CREATED, "create link: {}", r.text);
        CreatedLink {
            id: r.json["id"].as_str().expect("id").to_owned(),
            url: r.json["url"].as_str().expect("url").to_owned(),
            token: r.json["managementToken"]
                .as_str()
                .expect("token")
                .to_owned(),
        }
    }

    /// Asks for a link's manifest.
    pub async fn manifest(&self, link: &CreatedLink, body: Value) -> Reply {
        self.post(&link.url, body, None).await
    }

    /// A link's status.
    pub async fn status(&self, link: &CreatedLink) -> Reply {
        self.get(&format!("/links/{}", link.id), Some(&link.token))
            .await
    }

    /// Every line of a link's access log.
    pub async fn log(&self, link: &CreatedLink) -> Vec<Value> {
        let r = self
            .get(&format!("/links/{}/log", link.id), Some(&link.token))
            .await;
        assert_eq!(r.status, StatusCode::OK, "log: {}", r.text);
        r.json["entries"].as_array().expect("entries").clone()
    }

    pub async fn stop(mut self) {
        if let Some(relay) = self.relay.take() {
            relay.shutdown().await.expect("relay shuts down cleanly");
        }
    }
}

/// What `POST /links` answered.
#[derive(Debug, Clone)]
pub struct CreatedLink {
    pub id: String,
    pub url: String,
    pub token: String,
}

/// A JWE of the SHL shape with `len` characters overall; its bytes are random, since
/// the relay never decrypts.
pub fn fake_jwe(content_type: &str, len: usize) -> String {
    let header = URL_SAFE_NO_PAD
        .encode(json!({ "alg": "dir", "enc": "A256GCM", "cty": content_type }).to_string());
    let iv = "AAAAAAAAAAAAAAAA";
    let tag = "AAAAAAAAAAAAAAAAAAAAAA";
    let fixed = header.len() + 2 + iv.len() + 2 + tag.len();
    let want = len.saturating_sub(fixed).max(4);
    let mut bytes = vec![0u8; want];
    rand::thread_rng().fill_bytes(&mut bytes);
    let mut ct = URL_SAFE_NO_PAD.encode(&bytes);
    ct.truncate(want);
    format!("{header}..{iv}.{ct}.{tag}")
}

/// One FHIR file of about `len` characters.
pub fn fhir_file(len: usize) -> Value {
    json!({ "contentType": "application/fhir+json", "jwe": fake_jwe("application/fhir+json", len) })
}

pub const RECIPIENT: &str = "Dr Shah at Parkside Medical Practice";
