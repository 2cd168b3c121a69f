//! The labelled ranking set (`tests/fixtures/ranking`) is well-formed, and the metrics the
//! ranking bench prints are right. The bench file is included as it is (`#[path]`), so the
//! loader checked here is the one the bench uses and the maths tested is the maths it runs.

#[path = "../benches/ranking.rs"]
#[allow(dead_code)]
mod bench;

use std::collections::HashSet;

use bench::{calibration, high_precision, input_of, load_set, ndcg_at, precision_at, rank, set_dir};
use jobhunter_jobs::matching::Matcher;
use jobhunter_jobs::posting::Workplace;

#[test]
fn the_set_is_well_formed() {
    let dir = set_dir();
    assert!(dir.join("CRITERIA.md").is_file(), "the grading criteria are written down");
    let set = load_set(&dir).unwrap();
    assert!(set.len() >= 3, "at least 3 profiles, got {}", set.len());
    let mut all_ids = HashSet::new();
    for lp in &set {
        let name = &lp.name;
        assert!(lp.postings.len() >= 40, "{name}: {} postings, want ≥ 40", lp.postings.len());
        let as_of = lp.as_of.unwrap_or_else(|| panic!("{name}: as_of (the day of grading) is set"));
        assert!(!lp.profile.resume.work.is_empty(), "{name}: work dates give the experience");
        assert!(lp.profile.preferences.min_salary.is_some(), "{name}: a minimum salary");
        let mut counts = [0usize; 4];
        for p in &lp.postings {
            let id = &p.id;
            assert!(all_ids.insert(id.clone()), "{name}: id {id} is not unique");
            assert!(p.grade <= 3, "{name}/{id}: grade {} is not 0-3", p.grade);
            counts[usize::from(p.grade)] += 1;
            assert!(!p.why.trim().is_empty() && !p.why.contains('\n'), "{name}/{id}: a one-line why");
            assert!(!p.title.trim().is_empty() && !p.company.trim().is_empty(), "{name}/{id}");
            let words =
                p.description.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            assert!((55..=260).contains(&words), "{name}/{id}: description of {words} words");
            assert!(p.description.lines().count() >= 5, "{name}/{id}: multi-line, as boards give it");
            assert_eq!(
                p.remote == Some(true),
                p.workplace == Some(Workplace::Remote),
                "{name}/{id}: remote and workplace agree"
            );
            if let Some(l) = &p.location {
                assert!(p.locations.contains(l), "{name}/{id}: location is one of locations");
            }
            assert!(p.skills.iter().all(|s| !s.trim().is_empty()), "{name}/{id}: empty skill");
            if let Some(s) = &p.salary {
                let c = s.currency.as_deref().unwrap_or_default();
                assert!(
                    c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()),
                    "{name}/{id}: currency {c}"
                );
                assert!(s.min.or(s.max).is_some() && s.interval.is_some(), "{name}/{id}: salary figures");
                if let (Some(min), Some(max)) = (s.min, s.max) {
                    assert!(min <= max, "{name}/{id}: salary min > max");
                }
            }
        }
        assert!((8..=12).contains(&counts[3]), "{name}: {} postings graded 3, want 8-12", counts[3]);
        assert!(counts.iter().all(|&c| c >= 5), "{name}: grades spread over 0-3: {counts:?}");
        for w in &lp.profile.resume.work {
            let start = w.start_date.as_ref().unwrap_or_else(|| panic!("{name}: work start dates"));
            assert!(start.0.as_str() <= as_of.to_string().as_str(), "{name}: work starts after as_of");
        }
    }
}

#[test]
fn every_posting_scores_and_the_scores_rank() {
    for lp in load_set(&set_dir()).unwrap() {
        let inputs: Vec<_> = lp.postings.iter().map(input_of).collect();
        let out = Matcher::new(&lp.profile).score_all(&inputs);
        assert_eq!(out.len(), lp.postings.len());
        assert!(out.iter().all(|e| (0.0..=1.0).contains(&e.score)), "{}", lp.name);
    }
}

#[test]
fn ndcg_is_one_for_the_ideal_order_and_less_otherwise() {
    assert_eq!(ndcg_at(&[3, 2, 1, 0], 10), 1.0);
    assert_eq!(ndcg_at(&[0, 0, 0], 10), 1.0, "nothing relevant: any order is ideal");
    // [0, 3]: dcg = 7 / log2(3); ideal [3, 0]: 7 / log2(2) = 7.
    let v = ndcg_at(&[0, 3], 10);
    assert!((v - 1.0 / 3f64.log2()).abs() < 1e-12, "{v}");
    // Gains 2^g - 1 and the cut at k: [1, 3] at k = 1 is 1 / 7.
    assert!((ndcg_at(&[1, 3], 1) - 1.0 / 7.0).abs() < 1e-12);
    // [2, 3, 0]: (3 + 7/log2 3) / (7 + 3/log2 3).
    let want = (3.0 + 7.0 / 3f64.log2()) / (7.0 + 3.0 / 3f64.log2());
    assert!((ndcg_at(&[2, 3, 0], 10) - want).abs() < 1e-12);
}

#[test]
fn precision_counts_good_grades_in_the_top() {
    assert_eq!(precision_at(&[3, 2, 1, 0, 3, 3], 5, 2), 0.6);
    assert_eq!(precision_at(&[3, 1], 5, 2), 0.5, "fewer than k postings: share of those");
    assert_eq!(precision_at(&[], 5, 2), 0.0);
}

#[test]
fn high_precision_and_calibration() {
    let scores = [0.9, 0.85, 0.8, 0.4, 0.79];
    let grades = [3, 2, 3, 0, 3];
    assert_eq!(high_precision(&scores, &grades, 0.8), Some(2.0 / 3.0));
    assert_eq!(high_precision(&[0.5], &[3], 0.8), None);
    assert_eq!(
        calibration(&scores, &grades),
        "g3:n3/mean0.83/hi2/lo0 g2:n1/mean0.85/hi1/lo0 g0:n1/mean0.40/hi0/lo1"
    );
}

#[test]
fn ties_rank_the_worst_grade_first() {
    // Equal scores earn nothing from the order of the file.
    let order = rank(&[0.5, 0.5, 0.7], &[3, 0, 1]);
    assert_eq!(order, [2, 1, 0]);
}
