//! A 5-source scrape against fixture boards that each take 500 ms to answer: the sources are
//! scraped in parallel, so the flow takes about as long as the slowest source, not the sum.
//! Each board is its own server (its own host:port), as real boards are separate hosts.
//!
//! Run: `cargo bench -p jobhunter-flows --bench scrape`. Ends with `scrape_5_sources_ms=N`.

use std::time::Instant;

use jobhunter_engine::{Engine, RunOptions, StateType};
use jobhunter_testkit::{fixture, FixtureServer, Reply};
use serde_json::json;

fn slow(body: String) -> Reply {
    let mut reply = Reply::json(body);
    reply.delay_ms = 500;
    reply
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::builder(dir.path()).registry(jobhunter_flows::registry()).open().await.unwrap();
        let boards = [
            ("greenhouse", "/v1/boards/acme/jobs?content=true", fixture("greenhouse-acme.json"), "greenhouse:acme"),
            ("lever", "/v0/postings/globex?mode=json", fixture("lever-globex.json"), "lever:globex"),
            ("remoteok", "/api", fixture("remoteok.json"), "remoteok"),
            ("remotive", "/api/remote-jobs?limit=50", fixture("remotive.json"), "remotive"),
            ("ashby", "/posting-api/job-board/initech?includeCompensation=true", fixture("ashby-initech.json"), "ashby:initech"),
        ];
        let mut urls = serde_json::Map::new();
        let mut sources = Vec::new();
        let mut servers = Vec::new();
        for (board, path, body, spec) in boards {
            let server = FixtureServer::default();
            server.route(path, vec![slow(body)]);
            urls.insert(board.into(), json!(server.start().await));
            sources.push(spec);
            servers.push(server);
        }
        jobhunter_ops::settings::set(
            engine.store().pool(),
            jobhunter_ops::settings::SOURCE_BASE_URLS,
            &urls,
            chrono::Utc::now(),
        )
        .await
        .unwrap();

        let mut runs = Vec::new();
        for _ in 0..3 {
            // The fetcher spaces two requests to one host 250 ms apart (politeness), and Lever's
            // and Ashby's scrapes end with a request for the board's page (the company's name):
            // a scrape started at once after the previous one would wait for that spacing,
            // which a hunt (hours apart) never does. Not timed.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let started = Instant::now();
            let out = engine
                .run_flow_json("scrape_and_process", json!({"sources": sources}), RunOptions::new("bench", "bench"))
                .await
                .unwrap();
            runs.push(started.elapsed().as_secs_f64() * 1e3);
            assert_eq!(out.state.kind, StateType::Completed, "{:?}", out.error);
            assert!(out.result.unwrap()["failed_sources"].as_array().unwrap().is_empty());
        }
        for server in &servers {
            assert!(!server.requests("/").is_empty(), "every board was asked");
        }
        runs.sort_by(f64::total_cmp);
        let median = runs[1];
        println!("5 sources x 500 ms each, scraped + processed (median of 3): {median:.0} ms (sum would be 2500 ms)  all: {runs:.0?}");
        println!("scrape_5_sources_ms={median:.0}");
    });
}
