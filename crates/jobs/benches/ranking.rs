//! Ranking quality on the labelled set (issue 14): for each profile file of the set, score all
//! its postings with the matcher as the app does, rank them by score and measure the order
//! against grades a person gave (see `tests/fixtures/ranking/CRITERIA.md`).
//!
//! Run: `cargo bench -p jobhunter-jobs --bench ranking`. The set is `tests/fixtures/ranking`,
//! or the directory in `$RANKING_SET` (a held-out set in the same format). Prints, per profile,
//! the top 10 and then `ndcg10_<profile>=`, `precision5_<profile>=` (grade ≥ 2 in the top 5),
//! `high_precision_<profile>=` (share of postings scored ≥ 0.80 that are graded 3, or n/a) and
//! `calibration_<profile>=` (per grade: count, mean score, how many ≥ 0.80 and < 0.50); then
//! `ndcg10_min=` and `match_10k_ms=` (10,000 postings made by repeating a profile's postings,
//! median of 5, the slowest profile).
//!
//! Ties in score are ranked worst grade first, so a matcher that cannot tell postings apart
//! gets no credit from the order the file happens to list them in.
//!
//! `crates/jobs/tests/ranking.rs` includes this file (`#[path]`) to check the set is
//! well-formed and to unit-test the metrics below; keep it free of anything but std, serde and
//! the crate.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jobhunter_jobs::matching::facts::PostingFacts;
use jobhunter_jobs::matching::{MatchInput, Matcher};
use jobhunter_jobs::posting::{Salary, SalaryInterval, SalarySource, Workplace};
use jobhunter_jobs::process::extract_skills;
use jobhunter_jobs::profile::Profile;
use serde::Deserialize;

/// The high-match threshold the app uses by default.
pub const HIGH_MATCH: f64 = 0.80;

/// One profile file of the set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetFile {
    /// The day the grades were given (experience is counted up to it); optional.
    #[serde(default)]
    pub as_of: Option<chrono::NaiveDate>,
    /// A JSON Resume document with `preferences`, as the app imports it.
    pub profile: serde_json::Value,
    pub postings: Vec<LabelledPosting>,
}

/// A posting in the shape boards give it, with the grade (0–3) and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledPosting {
    pub id: String,
    pub title: String,
    pub company: String,
    pub description: String,
    pub location: Option<String>,
    pub locations: Vec<String>,
    pub workplace: Option<Workplace>,
    pub remote: Option<bool>,
    /// Skills or tags as the board lists them.
    pub skills: Vec<String>,
    pub salary: Option<SetSalary>,
    pub grade: u8,
    pub why: String,
    /// What the app's skill extractor reads from title, description and tags (filled on load).
    #[serde(skip)]
    pub extracted_skills: Vec<String>,
    /// The salary as the app stores it (filled on load).
    #[serde(skip)]
    pub board_salary: Option<Salary>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetSalary {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Option<String>,
    pub interval: Option<SalaryInterval>,
}

/// A loaded profile file: its name (the file stem), the parsed profile and its postings.
pub struct LabelledProfile {
    pub name: String,
    pub as_of: Option<chrono::NaiveDate>,
    pub profile: Profile,
    pub postings: Vec<LabelledPosting>,
}

/// `$RANKING_SET`, else the set in the repository.
pub fn set_dir() -> PathBuf {
    std::env::var_os("RANKING_SET")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ranking"))
}

/// Every `*.json` of `dir`, by name; errors name the file and the bad field.
pub fn load_set(dir: &Path) -> Result<Vec<LabelledProfile>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files.iter().map(|path| load_file(path).map_err(|e| format!("{}: {e}", path.display()))).collect()
}

fn load_file(path: &Path) -> Result<LabelledProfile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    let file: SetFile = serde_path_to_error::deserialize(de).map_err(|e| e.to_string())?;
    let profile = Profile::from_json(&file.profile.to_string()).map_err(|e| format!("profile: {e}"))?;
    let mut postings = file.postings;
    for p in &mut postings {
        // As the app does when it processes a job (process.rs): title, description and tags.
        p.extracted_skills =
            extract_skills(&format!("{}\n{}\n{}", p.title, p.description, p.skills.join(" ")));
        p.board_salary = p.salary.as_ref().map(|s| Salary {
            min: s.min,
            max: s.max,
            currency: s.currency.clone(),
            interval: s.interval,
            source: SalarySource::Stated,
            source_text: None,
        });
    }
    let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    Ok(LabelledProfile { name, as_of: file.as_of, profile, postings })
}

/// What the matcher sees of a labelled posting: the one place to change when it takes more.
pub fn input_of(p: &LabelledPosting) -> MatchInput<'_> {
    MatchInput {
        id: &p.id,
        title: &p.title,
        company: &p.company,
        description: &p.description,
        location: p.location.as_deref(),
        locations: &p.locations,
        remote: p.remote,
        workplace: p.workplace,
        skills: &p.extracted_skills,
        salary: p.board_salary.as_ref(),
        language: None,
        facts: None,
    }
}

/// Indices of `scores` best first; ties worst grade first (see the module docs).
pub fn rank(scores: &[f64], grades: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(grades[a].cmp(&grades[b])));
    order
}

/// NDCG@k of grades listed in ranked order: gain 2^grade − 1, discount log2(position + 1)
/// (position from 1), over the ideal order of the same grades. 1.0 when nothing is relevant.
pub fn ndcg_at(ranked_grades: &[u8], k: usize) -> f64 {
    let dcg = |grades: &[u8]| -> f64 {
        grades
            .iter()
            .take(k)
            .enumerate()
            .map(|(i, &g)| (2f64.powi(i32::from(g)) - 1.0) / (i as f64 + 2.0).log2())
            .sum()
    };
    let mut ideal = ranked_grades.to_vec();
    ideal.sort_unstable_by_key(|&g| std::cmp::Reverse(g));
    let best = dcg(&ideal);
    if best == 0.0 {
        1.0
    } else {
        dcg(ranked_grades) / best
    }
}

/// Share of the top `k` (fewer when the list is shorter) graded at least `min_grade`.
pub fn precision_at(ranked_grades: &[u8], k: usize, min_grade: u8) -> f64 {
    let top = &ranked_grades[..k.min(ranked_grades.len())];
    if top.is_empty() {
        return 0.0;
    }
    top.iter().filter(|&&g| g >= min_grade).count() as f64 / top.len() as f64
}

/// Share of the postings scored at least `threshold` that are graded 3; `None` when none is.
pub fn high_precision(scores: &[f64], grades: &[u8], threshold: f64) -> Option<f64> {
    let high: Vec<u8> =
        scores.iter().zip(grades).filter(|(s, _)| **s >= threshold).map(|(_, g)| *g).collect();
    (!high.is_empty()).then(|| high.iter().filter(|&&g| g == 3).count() as f64 / high.len() as f64)
}

/// Per grade 3..0 present: `g<grade>:n<count>/mean<score>/hi<≥ HIGH_MATCH>/lo<< 0.50>`.
pub fn calibration(scores: &[f64], grades: &[u8]) -> String {
    let mut parts = Vec::new();
    for grade in (0..=3u8).rev() {
        let s: Vec<f64> = scores.iter().zip(grades).filter(|(_, g)| **g == grade).map(|(s, _)| *s).collect();
        if s.is_empty() {
            continue;
        }
        let mean = s.iter().sum::<f64>() / s.len() as f64;
        let hi = s.iter().filter(|&&x| x >= HIGH_MATCH).count();
        let lo = s.iter().filter(|&&x| x < 0.5).count();
        parts.push(format!("g{grade}:n{}/mean{mean:.2}/hi{hi}/lo{lo}", s.len()));
    }
    parts.join(" ")
}

/// Median of five timings of scoring 10,000 postings made by repeating `postings`, each read
/// once beforehand as a stored job is (`matching::facts`); and the time reading them took.
fn match_10k_ms(matcher: &Matcher, postings: &[LabelledPosting]) -> (f64, f64) {
    let bare: Vec<MatchInput<'_>> = postings.iter().cycle().take(10_000).map(input_of).collect();
    let t = Instant::now();
    let facts: Vec<PostingFacts> = bare.iter().map(PostingFacts::read).collect();
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let inputs: Vec<MatchInput<'_>> =
        bare.iter().zip(&facts).map(|(i, f)| MatchInput { facts: Some(f), ..i.clone() }).collect();
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let out = matcher.score_all(&inputs);
            assert_eq!(out.len(), inputs.len());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    (runs[runs.len() / 2], read_ms)
}

/// Every posting best first with its parts (`RANKING_VERBOSE=1`): to see why one is misplaced.
fn print_all(lp: &LabelledProfile, order: &[usize], explained: &[jobhunter_jobs::matching::Explanation]) {
    for &i in order {
        let (p, e) = (&lp.postings[i], &explained[i]);
        println!("  {:.3} g{} {:<5} {}", e.score, p.grade, p.id, p.title);
        if let Some(c) = &e.components {
            for (name, part) in c.named() {
                println!("        {name:<9} {:.2} {}", part.score, part.reason);
            }
        }
        if !e.missing_skills.is_empty() {
            println!("        missing   {}", e.missing_skills.join(", "));
        }
        for pen in &e.penalties {
            println!("        penalty   {:.2} {}", pen.amount, pen.reason);
        }
        println!("        why: {}", p.why);
    }
}

fn main() {
    let dir = set_dir();
    let set = load_set(&dir).unwrap_or_else(|e| panic!("loading the ranking set: {e}"));
    assert!(!set.is_empty(), "no *.json profile files in {}", dir.display());
    let mut lines = Vec::new();
    let mut ndcg_min = f64::INFINITY;
    let mut slowest = 0f64;
    let mut slowest_read = 0f64;
    for lp in &set {
        let today = lp.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let matcher = Matcher::new_at(&lp.profile, today);
        let inputs: Vec<MatchInput<'_>> = lp.postings.iter().map(input_of).collect();
        let explained = matcher.score_all(&inputs);
        let scores: Vec<f64> = explained.iter().map(|e| e.score).collect();
        let grades: Vec<u8> = lp.postings.iter().map(|p| p.grade).collect();
        let order = rank(&scores, &grades);
        let ranked: Vec<u8> = order.iter().map(|&i| grades[i]).collect();
        println!("{} ({} postings), top 10:", lp.name, lp.postings.len());
        for &i in order.iter().take(10) {
            let p = &lp.postings[i];
            println!("  {:.3}  grade {}  {:<6} {}", scores[i], p.grade, p.id, p.title);
        }
        if std::env::var_os("RANKING_VERBOSE").is_some() {
            print_all(lp, &order, &explained);
        }
        let ndcg = ndcg_at(&ranked, 10);
        ndcg_min = ndcg_min.min(ndcg);
        let name = &lp.name;
        lines.push(format!("ndcg10_{name}={ndcg:.3}"));
        lines.push(format!("precision5_{name}={:.3}", precision_at(&ranked, 5, 2)));
        lines.push(match high_precision(&scores, &grades, HIGH_MATCH) {
            Some(v) => format!("high_precision_{name}={v:.3}"),
            None => format!("high_precision_{name}=n/a"),
        });
        lines.push(format!("calibration_{name}={}", calibration(&scores, &grades)));
        let (match_ms, read_ms) = match_10k_ms(&matcher, &lp.postings);
        slowest = slowest.max(match_ms);
        slowest_read = slowest_read.max(read_ms);
    }
    for line in lines {
        println!("{line}");
    }
    println!("ndcg10_min={ndcg_min:.3}");
    println!("match_10k_ms={slowest:.1}");
    println!("read_facts_10k_ms={slowest_read:.1}");
}
