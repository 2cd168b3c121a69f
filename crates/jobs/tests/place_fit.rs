//! Place fit: on-site places against the user's, remote restrictions against the countries
//! the user may work in, the workplace against the preference.

use jobhunter_jobs::matching::place::{fit, remote_restriction, PlaceJob, Region};
use jobhunter_jobs::matching::{GAP, MISMATCH, RULED_OUT};
use jobhunter_jobs::posting::Workplace;
use jobhunter_jobs::profile::{Preferences, WorkplacePreference};

fn codes(text: &str) -> (Vec<&'static str>, Vec<Region>) {
    remote_restriction(text).map(|r| (r.countries, r.regions)).unwrap_or_default()
}

#[test]
fn reads_restrictions_from_locations_and_titles() {
    assert_eq!(codes("Remote, UK only"), (vec!["GB"], vec![]));
    assert_eq!(codes("EU only"), (vec![], vec![Region::Eu]));
    assert_eq!(codes("Remote (EU-based)"), (vec![], vec![Region::Eu]));
    assert_eq!(codes("Europe"), (vec![], vec![Region::Europe]));
    assert_eq!(codes("Remote - US time zones"), (vec![], vec![Region::UsTimeZones]));
    assert_eq!(codes("Remote (USA)"), (vec!["US"], vec![]));
    assert_eq!(codes("Americas"), (vec![], vec![Region::Americas]));
    assert_eq!(codes("EMEA"), (vec![], vec![Region::Emea]));
    assert_eq!(codes("Deutschlandweit remote"), (vec!["DE"], vec![]));
    assert_eq!(codes("Remote - Germany or Austria"), (vec!["DE", "AT"], vec![]));
    assert_eq!(codes("Remote, United Kingdom"), (vec!["GB"], vec![]));
    assert_eq!(codes("Remote (Worldwide)"), (vec![], vec![Region::Worldwide]));
    assert_eq!(codes("Remote - India"), (vec!["IN"], vec![]));
    assert!(remote_restriction("Remote").is_none());
    assert!(remote_restriction("IT Support Engineer (Remote)").is_none());
    assert!(remote_restriction("San Francisco, CA").is_none());
}

#[test]
fn reads_only_stated_restrictions_from_descriptions() {
    let long =
        |s: &str| format!("We build tools for logistics teams and ship every week. {s} We value kindness.");
    assert_eq!(codes(&long("You must be based in Germany.")), (vec!["DE"], vec![]));
    assert_eq!(codes(&long("This role is open to candidates within the EU.")), (vec![], vec![Region::Eu]));
    assert_eq!(codes(&long("You work in European time zones.")), (vec![], vec![Region::EuropeanTimeZones]));
    assert_eq!(
        codes(&long("Core hours overlap with 9-5 EST every day.")),
        (vec![], vec![Region::UsTimeZones])
    );
    assert_eq!(codes(&long("US citizens only, because of the contract.")), (vec!["US"], vec![]));
    assert!(remote_restriction(&long("Our offices are in Berlin, Germany and New York, USA.")).is_none());
    assert!(remote_restriction(&long("We are Europe's leading platform for global shipping.")).is_none());
}

fn prefs(locations: &[&str], countries: &[&str], workplace: Option<WorkplacePreference>) -> Preferences {
    Preferences {
        locations: locations.iter().map(|s| s.to_string()).collect(),
        work_countries: countries.iter().map(|s| s.to_string()).collect(),
        workplace,
        ..Preferences::default()
    }
}

fn job<'a>(location: &'a str, workplace: Option<Workplace>) -> PlaceJob<'a> {
    PlaceJob {
        title: "Data Engineer",
        description: "Build data pipelines with Kafka and Spark for our logistics platform every day.",
        location: Some(location),
        locations: &[],
        workplace,
        remote: workplace.map(|w| w == Workplace::Remote),
    }
}

#[test]
fn no_preferences_is_neutral() {
    assert_eq!(
        fit(&Preferences::default(), job("Paris, France", None)),
        (0.9, "no place preferences".into())
    );
}

#[test]
fn on_site_jobs_are_compared_with_the_users_places() {
    let p = prefs(&["Berlin, Germany"], &[], None);
    assert_eq!(
        fit(&p, job("Berlin, Germany", Some(Workplace::Onsite))),
        (1.0, "on site in Berlin, Germany, where you want to work".into())
    );
    assert_eq!(
        fit(&p, job("Hamburg, Germany", Some(Workplace::Hybrid))),
        (0.2, "hybrid in Hamburg, about 255 km from Berlin".into())
    );
    assert_eq!(
        fit(&p, job("Paris, France", Some(Workplace::Onsite))),
        (0.1, "on site in Paris, about 875 km from Berlin".into())
    );
    // A city by another of its names.
    let munich = prefs(&["Munich"], &["DE"], None);
    assert_eq!(fit(&munich, job("München, Deutschland", Some(Workplace::Onsite))).0, 1.0);
    assert_eq!(fit(&munich, job("Köln, Deutschland", Some(Workplace::Onsite))).0, 0.2);
    // A neighbouring city is a commute (a gap); a city the gazetteer does not know, in the
    // user's country, is far from sure.
    assert_eq!(
        fit(&munich, job("Augsburg", Some(Workplace::Hybrid))),
        (GAP, "hybrid in Augsburg, a commute of about 55 km from München".into())
    );
    assert_eq!(fit(&munich, job("Garching bei München", Some(Workplace::Hybrid))).0, 1.0);
    assert_eq!(fit(&munich, job("Kleinkleckersdorf, Germany", Some(Workplace::Onsite))).0, 0.3);
    // A country as the user's place.
    let country = prefs(&["Netherlands"], &[], None);
    assert_eq!(fit(&country, job("Utrecht, Netherlands", Some(Workplace::Onsite))).0, 1.0);
    assert_eq!(fit(&p, PlaceJob { location: None, ..job("", None) }).0, 0.8);
}

#[test]
fn remote_jobs_are_compared_with_the_countries_the_user_may_work_in() {
    let p = prefs(&["Berlin"], &["DE"], Some(WorkplacePreference::HybridOk));
    assert_eq!(
        fit(&p, job("Remote, UK only", Some(Workplace::Remote))),
        (0.05, "remote, UK only; you may work in Germany".into())
    );
    assert_eq!(
        fit(&p, job("Remote - EU", Some(Workplace::Remote))),
        (1.0, "remote, EU only; you may work there".into())
    );
    assert_eq!(fit(&p, job("Deutschlandweit remote", Some(Workplace::Remote))).0, 1.0);
    assert_eq!(fit(&p, job("Americas", Some(Workplace::Remote))).0, 0.05);
    assert_eq!(fit(&p, job("Remote", Some(Workplace::Remote))), (0.9, "remote, no country named".into()));
    assert_eq!(fit(&p, job("Anywhere", Some(Workplace::Remote))), (1.0, "remote from anywhere".into()));
    // The restriction in the description, the location saying only "Remote".
    let mut j = job("Remote", Some(Workplace::Remote));
    j.description = "We ship logistics software to carriers. You must be based in the US and overlap with \
        US time zones. We value kindness and clear writing.";
    assert_eq!(fit(&p, j).0, 0.05);
    // Several locations: any of them.
    let places = ["Remote - Netherlands".to_owned(), "Remote - Germany".to_owned()];
    let j = PlaceJob { locations: &places, ..job("Remote - Netherlands", Some(Workplace::Remote)) };
    assert_eq!(fit(&p, j).0, 1.0);
    // Countries as names and lower-case codes, and outside the country table.
    let india = prefs(&[], &["india"], None);
    assert_eq!(fit(&india, job("Remote (APAC)", Some(Workplace::Remote))).0, 1.0);
    assert_eq!(fit(&india, job("Remote, US only", Some(Workplace::Remote))).0, 0.05);
}

#[test]
fn the_workplace_is_compared_with_the_preference() {
    let remote_only = prefs(&["Berlin"], &["DE"], Some(WorkplacePreference::RemoteOnly));
    assert_eq!(
        fit(&remote_only, job("Berlin, Germany", Some(Workplace::Onsite))),
        (RULED_OUT, "on site in Berlin, Germany; you want remote only".into())
    );
    assert_eq!(fit(&remote_only, job("Berlin, Germany", Some(Workplace::Hybrid))).0, MISMATCH);
    let hybrid = prefs(&["Berlin"], &[], Some(WorkplacePreference::HybridOk));
    assert_eq!(
        fit(&hybrid, job("Berlin", Some(Workplace::Onsite))),
        (MISMATCH, "on site in Berlin; you want remote or hybrid".into())
    );
    assert_eq!(fit(&hybrid, job("Berlin", Some(Workplace::Hybrid))).0, 1.0);
    // Office days and travel the text states.
    let mut four = job("Berlin", Some(Workplace::Onsite));
    four.description = "We are office-first: four days together in our studio, one day from home.";
    assert_eq!(fit(&hybrid, four), (GAP, "4 office days a week in Berlin; you want remote or hybrid".into()));
    let mut travel = job("Berlin", Some(Workplace::Hybrid));
    travel.description = "Audits at our subsidiaries (about 40 % travel).";
    assert_eq!(
        fit(&hybrid, travel),
        (GAP, "hybrid in Berlin, where you want to work; about 40 % travel".into())
    );
    // Only a workplace preference: remote is simply fine.
    let only = prefs(&[], &[], Some(WorkplacePreference::RemoteOnly));
    assert_eq!(fit(&only, job("Remote", Some(Workplace::Remote))), (1.0, "remote, which you accept".into()));
    assert_eq!(fit(&only, job("Remote", None)).0, 1.0);
}

#[test]
fn work_countries_may_name_the_eu_or_europe() {
    let remote = |location: &'static str| job(location, Some(Workplace::Remote));
    for entry in ["EU", "European Union", "Europe", "eu"] {
        let p = prefs(&[], &[entry], None);
        let (score, reason) = fit(&p, remote("Remote - Netherlands"));
        assert_eq!(score, 1.0, "{entry}: {reason}");
        let (score, reason) = fit(&p, remote("Remote, US only"));
        assert!(score < 0.1, "{entry}: {reason}");
        assert!(!reason.contains("Austria"), "a region is named as one, not country by country: {reason}");
    }
    // "EU" with a country: both understood; Switzerland is in Europe but not in the EU.
    let p = prefs(&[], &["DE", "EU"], None);
    assert_eq!(fit(&p, remote("Remote - Poland")).0, 1.0);
    assert!(fit(&p, remote("Remote, Switzerland only")).0 < 0.1);
    assert_eq!(fit(&prefs(&[], &["Europe"], None), remote("Remote, Switzerland only")).0, 1.0);
    // On site in an EU country is a country where the user may work.
    let (score, reason) = fit(&prefs(&[], &["EU"], None), job("Paris, France", Some(Workplace::Onsite)));
    assert_eq!(score, 0.9, "{reason}");
}

#[test]
fn the_same_answers_when_asked_again() {
    // Countries of entries and places are remembered per text: asking twice changes nothing.
    let p = prefs(&["München, Germany"], &["DE"], None);
    for _ in 0..3 {
        assert_eq!(fit(&p, job("Munich, Germany", Some(Workplace::Hybrid))).0, 1.0);
        assert_eq!(fit(&p, job("Hamburg, Germany", Some(Workplace::Onsite))).0, 0.2);
        assert_eq!(fit(&p, job("Den Haag, Netherlands", Some(Workplace::Onsite))).0, 0.1);
    }
}
