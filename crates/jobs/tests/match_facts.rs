//! Posting facts are read at a job's first match, stored with it, reused while its text is the
//! same, and read again when the text changes (real SQLite file through the engine's store).

use chrono::{TimeZone, Utc};
use jobhunter_jobs::matching::facts::{PostingFacts, VERSION};
use jobhunter_jobs::posting::Posting;
use jobhunter_jobs::store::facts::facts_of;
use jobhunter_jobs::store::{get_job, import_postings};

fn posting(description: &str) -> Posting {
    Posting {
        source: "greenhouse:acme".into(),
        source_job_id: "1".into(),
        title: "Senior Data Engineer".into(),
        company: "Acme Robotics".into(),
        location: Some("Berlin, Germany".into()),
        description_text: description.into(),
        ..Posting::default()
    }
}

async fn stored(pool: &sqlx::SqlitePool, id: &str) -> Option<PostingFacts> {
    let text: Option<String> = sqlx::query_scalar("SELECT match_facts FROM jobs WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    text.map(|t| serde_json::from_str(&t).unwrap())
}

#[tokio::test]
async fn read_once_stored_and_read_again_when_the_text_changes() {
    let dir = tempfile::tempdir().unwrap();
    let engine = jobhunter_engine::Engine::builder(dir.path()).open().await.unwrap();
    let pool = engine.store().pool();
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let text = "Requirements\n- 5+ years of data engineering\n- Python, SQL, Kafka\n\nNice to have\n- Flink";
    let ids = import_postings(pool, &[posting(text)], at).await.unwrap().job_ids;
    let job = get_job(pool, &ids[0]).await.unwrap();
    assert_eq!(stored(pool, &job.id).await, None, "nothing is read before the first match");

    let first = facts_of(pool, std::slice::from_ref(&job)).await.unwrap();
    assert_eq!(first[0].required, ["Python", "SQL", "Kafka"]);
    assert_eq!(
        (first[0].nice_to_have.as_slice(), first[0].years_asked),
        (&["Flink".to_owned()][..], Some(5))
    );
    assert_eq!(stored(pool, &job.id).await.as_ref(), Some(&first[0]), "stored with the job");

    // Stored facts are used as they are: a planted marker survives the second match.
    let mut planted = first[0].clone();
    planted.required.push("Marker".into());
    sqlx::query("UPDATE jobs SET match_facts = ? WHERE id = ?")
        .bind(serde_json::to_string(&planted).unwrap())
        .bind(&job.id)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(facts_of(pool, std::slice::from_ref(&job)).await.unwrap()[0], planted);

    // A changed text, or facts of another reader version, are read again.
    let mut changed = job.clone();
    changed.description = "Requirements\n- Scala".into();
    assert_eq!(facts_of(pool, std::slice::from_ref(&changed)).await.unwrap()[0].required, ["Scala"]);
    let mut old = first[0].clone();
    old.version = VERSION + 1;
    old.required = vec!["Stale".into()];
    sqlx::query("UPDATE jobs SET match_facts = ? WHERE id = ?")
        .bind(serde_json::to_string(&old).unwrap())
        .bind(&job.id)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        facts_of(pool, std::slice::from_ref(&job)).await.unwrap()[0].required,
        ["Python", "SQL", "Kafka"]
    );
}
