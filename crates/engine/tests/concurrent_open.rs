//! Two processes opening a brand-new data dir at the same moment (the app and the CLI, or a
//! test and its child) must both get a working database: creating the file, switching it to
//! WAL and migrating it happen under one lock, never as a race that fails "database is locked".

use jobhunter_engine::Store;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_opens_of_a_new_database_at_once_all_succeed() {
    for round in 0..30 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jobhunter.db");
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let path = path.clone();
                tokio::spawn(async move { Store::open(&path).await.map(|_| ()) })
            })
            .collect();
        for open in opens {
            if let Err(e) = open.await.unwrap() {
                panic!("round {round}: a concurrent open failed: {e}");
            }
        }
    }
}
