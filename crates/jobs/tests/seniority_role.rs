//! Seniority fit and role fit on realistic titles, descriptions and profiles, including the
//! traps of the ranking issue: "Head of Data" for a mid-level data engineer (role fine, level
//! far), a frontend role for a data engineer, and intern roles worded in English and German.

use chrono::NaiveDate;
use jobhunter_jobs::matching::role::{self, family_of_title, profile_families, RoleFamily};
use jobhunter_jobs::matching::seniority::{
    self, experience_years, posting_level, profile_level, years_asked, Level,
};
use jobhunter_jobs::matching::{GAP, MISMATCH, RULED_OUT};
use jobhunter_jobs::profile::Profile;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

/// A mid-level data engineer in Munich: about 4 years of work, one overlap.
fn data_engineer() -> Profile {
    Profile::from_json(
        r#"{"basics": {"name": "Ada", "label": "Data Engineer"},
            "work": [
              {"name": "Acme", "position": "Data Engineer", "startDate": "2022-06"},
              {"name": "Beta", "position": "Backend Developer", "startDate": "2021-01", "endDate": "2022-08"},
              {"name": "Gamma", "position": "Werkstudent Data", "startDate": "2020-10", "endDate": "2020-12"}
            ],
            "preferences": {"keywords": ["Data Engineer", "Dateningenieur"]}}"#,
    )
    .unwrap()
}

#[test]
fn posting_levels_from_titles() {
    let cases: &[(&str, Option<Level>)] = &[
        ("Senior Data Engineer (m/w/d)", Some(Level::Senior)),
        ("Sr. Backend Engineer", Some(Level::Senior)),
        ("Data Engineer", None),
        ("Junior Frontend Developer", Some(Level::Junior)),
        ("Berufseinsteiger Softwareentwicklung", Some(Level::Junior)),
        ("Graduate Software Engineer", Some(Level::Junior)),
        ("Entry Level Data Analyst", Some(Level::Junior)),
        ("Data Engineering Intern", Some(Level::Intern)),
        ("Werkstudent Data Engineering (m/w/d)", Some(Level::Intern)),
        ("Werkstudentin Data Analytics", Some(Level::Intern)),
        ("Praktikant Softwareentwicklung", Some(Level::Intern)),
        ("Trainee Data Science", Some(Level::Intern)),
        ("Working Student Backend", Some(Level::Intern)),
        ("Internal Tools Engineer", None),
        ("Staff Engineer, Data Platform", Some(Level::Staff)),
        ("Principal Data Engineer", Some(Level::Staff)),
        ("Lead Data Engineer", Some(Level::Lead)),
        ("Tech Lead Backend", Some(Level::Lead)),
        ("Team Lead Data", Some(Level::Lead)),
        ("Teamleiter Data Engineering", Some(Level::Lead)),
        ("Engineering Manager", Some(Level::Lead)),
        ("Senior Engineering Manager", Some(Level::Lead)),
        ("Product Manager", None),
        ("Senior Product Manager", Some(Level::Senior)),
        ("Project Manager IT", None),
        ("Account Manager DACH", None),
        ("Lead Generation Specialist", None),
        ("Head of Data", Some(Level::Head)),
        ("Director of Engineering", Some(Level::Head)),
        ("VP Engineering", Some(Level::Head)),
        ("Vice President, Data", Some(Level::Head)),
        ("CTO", Some(Level::Head)),
        ("Leiter Data & Analytics", Some(Level::Head)),
        ("Abteilungsleiter IT", Some(Level::Head)),
        ("Pflegekraft Seniorenheim", None),
        ("Software Engineer II", Some(Level::Mid)),
    ];
    for (title, want) in cases {
        assert_eq!(posting_level(title, ""), *want, "{title}");
    }
}

#[test]
fn posting_level_from_clear_description_phrases_only() {
    assert_eq!(posting_level("Data Engineer", "During this internship you will ..."), Some(Level::Intern));
    assert_eq!(posting_level("Data Engineer", "Du unterstützt uns als Werkstudent ..."), Some(Level::Intern));
    assert_eq!(posting_level("Data Engineer", "This is an entry-level position."), Some(Level::Junior));
    assert_eq!(posting_level("Data Engineer", "Mit Personalverantwortung für 5 Personen"), Some(Level::Lead));
    // Words that are not about this role's level.
    assert_eq!(
        posting_level("Data Engineer", "You will mentor junior engineers and work with senior leadership."),
        None
    );
    // The title wins over the description.
    assert_eq!(posting_level("Senior Data Engineer", "this internship"), Some(Level::Senior));
}

#[test]
fn years_asked_in_english_and_german() {
    let cases: &[(&str, Option<u32>)] = &[
        ("You have 5+ years of experience with Python.", Some(5)),
        ("At least 3 years in data engineering.", Some(3)),
        ("3-5 years of professional experience", Some(3)),
        ("3 to 5 years experience building pipelines", Some(3)),
        ("Mindestens 3 Jahre Berufserfahrung", Some(3)),
        ("3+ Jahre Berufserfahrung im Bereich Data", Some(3)),
        ("Berufserfahrung von mindestens zwei Jahren", Some(2)),
        ("Experience: 4 yrs minimum", Some(4)),
        ("five or more years of experience", Some(5)),
        ("2+ years of Spark, 6+ years of software engineering experience", Some(6)),
        ("We have 20 years of experience in logistics.", None),
        ("Our company was founded 12 years ago.", None),
        ("30 days of vacation, 2 years contract.", None),
        ("Seit 10 Jahren sind wir Marktführer.", None),
        ("2.5 years of experience with Airflow", Some(2)),
        ("Experience of 7 years+ in backend work", Some(7)),
        ("Strong SQL skills", None),
    ];
    for (text, want) in cases {
        assert_eq!(years_asked(text), *want, "{text}");
    }
}

#[test]
fn experience_is_the_union_of_work_dates() {
    let profile = data_engineer();
    // 2020-10..2020-12 (3 months), then 2021-01..2022-08 and 2022-06..today overlapping.
    let years = experience_years(&profile.resume.work, today()).unwrap();
    assert!((years - 4.67).abs() < 0.01, "{years}");
    // A bare year ending counts as mid-year; open ends stop at today; future starts add nothing.
    let p = Profile::from_json(
        r#"{"basics": {"name": "B"}, "work": [
            {"position": "Analyst", "startDate": "2018", "endDate": "2019"},
            {"position": "Analyst", "startDate": "2030-01"}]}"#,
    )
    .unwrap();
    let years = experience_years(&p.resume.work, today()).unwrap();
    assert!((years - 1.5).abs() < 0.01, "{years}");
    assert_eq!(experience_years(&[], today()), None);
}

#[test]
fn profile_level_from_titles_then_years() {
    let profile = data_engineer();
    let years = experience_years(&profile.resume.work, today());
    assert_eq!(profile_level(&profile, years), Level::Mid);
    let senior =
        Profile::from_json(r#"{"basics": {"name": "C", "label": "Senior Frontend Developer"}}"#).unwrap();
    assert_eq!(profile_level(&senior, Some(2.0)), Level::Senior);
    let latest = Profile::from_json(
        r#"{"basics": {"name": "D", "label": "Engineer"}, "work": [
            {"position": "Junior Developer", "startDate": "2015-01", "endDate": "2018-01"},
            {"position": "Lead Developer", "startDate": "2018-02"}]}"#,
    )
    .unwrap();
    assert_eq!(profile_level(&latest, Some(10.0)), Level::Lead);
    let bare = Profile::from_json(r#"{"basics": {"name": "E"}}"#).unwrap();
    assert_eq!(profile_level(&bare, Some(0.5)), Level::Junior);
    assert_eq!(profile_level(&bare, Some(2.0)), Level::Junior);
    assert_eq!(profile_level(&bare, Some(8.0)), Level::Senior);
    assert_eq!(profile_level(&bare, Some(12.0)), Level::Senior, "years alone make a senior at most");
    assert_eq!(profile_level(&bare, None), Level::Mid);
}

#[test]
fn seniority_fit_scores_and_reasons() {
    let (s, r) = seniority::fit(Level::Senior, Some(6.2), Some(Level::Senior), Some(5));
    assert_eq!((s, r.as_str()), (1.0, "Senior role; you have 6 years (mid to senior)"));
    let (s, r) = seniority::fit(Level::Mid, Some(4.0), None, None);
    assert_eq!((s, r.as_str()), (1.0, "no level stated"));
    let (s, r) = seniority::fit(Level::Mid, Some(4.0), Some(Level::Senior), None);
    assert_eq!((s, r.as_str()), (GAP, "Senior role, one level above you"));
    let (s, r) = seniority::fit(Level::Senior, Some(7.0), Some(Level::Mid), None);
    assert_eq!((s, r.as_str()), (MISMATCH, "Mid-level role, one level below you"));
    let (s, r) = seniority::fit(Level::Senior, Some(7.0), Some(Level::Head), None);
    assert_eq!((s, r.as_str()), (RULED_OUT, "Head of role, two levels above you"));
    let (s, r) = seniority::fit(Level::Mid, Some(4.6), Some(Level::Intern), None);
    assert_eq!((s, r.as_str()), (RULED_OUT, "Intern role, two levels below you"));
    let (s, r) = seniority::fit(Level::Senior, Some(7.0), Some(Level::Intern), None);
    assert_eq!((s, r.as_str()), (0.05, "Intern role, far below your level"));
    // Staff and Lead are the same step above Senior.
    assert_eq!(seniority::fit(Level::Senior, None, Some(Level::Lead), None).0, GAP);
    assert_eq!(seniority::fit(Level::Senior, None, Some(Level::Staff), None).0, GAP);
    // Years asked well beyond the profile's lower the fit, even with no level stated.
    let (s, r) = seniority::fit(Level::Mid, Some(3.0), None, Some(8));
    assert!((s - (MISMATCH - 0.16)).abs() < 1e-9, "{s}");
    assert_eq!(r, "no level stated; asks for 8 years, you have 3 years");
    // Up to two years more than the profile's is a gap; none more fits.
    assert_eq!(seniority::fit(Level::Mid, Some(3.0), None, Some(5)).0, GAP);
    assert_eq!(seniority::fit(Level::Mid, Some(3.0), None, Some(3)).0, 1.0);
}

#[test]
fn role_families_of_titles() {
    use RoleFamily::*;
    let cases: &[(&str, Option<RoleFamily>)] = &[
        ("Data Engineer", Some(DataEngineering)),
        ("Senior Dateningenieur (m/w/d)", Some(DataEngineering)),
        ("Data Engineering Intern", Some(DataEngineering)),
        ("Werkstudent Data Engineering", Some(DataEngineering)),
        ("Data Platform Engineer", Some(DataEngineering)),
        ("Head of Data", Some(DataEngineering)),
        ("Data Scientist", Some(DataScience)),
        ("Machine Learning Engineer", Some(DataScience)),
        ("Data Analyst", Some(Analytics)),
        ("BI Developer", Some(Analytics)),
        ("Datenanalyst", Some(Analytics)),
        ("Frontend Developer (React)", Some(Frontend)),
        ("Frontend-Entwickler", Some(Frontend)),
        ("Senior Software Engineer, Frontend", Some(Frontend)),
        ("React Developer", Some(Frontend)),
        ("Backend Engineer (Rust)", Some(Backend)),
        ("Backend-Entwickler Java", Some(Backend)),
        ("Java Developer", Some(Backend)),
        ("Softwareentwickler Python", Some(Backend)),
        ("Full Stack Engineer", Some(Fullstack)),
        ("Fullstack-Entwickler", Some(Fullstack)),
        ("React / Node.js Developer", Some(Fullstack)),
        ("iOS Engineer", Some(Mobile)),
        ("React Native Developer", Some(Mobile)),
        ("SRE", Some(DevOps)),
        ("Site Reliability Engineer", Some(DevOps)),
        ("Platform Engineer", Some(DevOps)),
        ("Cloud Engineer (AWS)", Some(DevOps)),
        ("Security Engineer", Some(Security)),
        ("IT-Sicherheitsbeauftragter", Some(Security)),
        ("QA Automation Engineer", Some(Qa)),
        ("Embedded Software Engineer", Some(Embedded)),
        ("Engineering Manager", Some(Management)),
        ("Product Manager", Some(Product)),
        ("Product Designer", Some(Design)),
        ("UX Designer", Some(Design)),
        ("Performance Marketing Manager", Some(Marketing)),
        ("Account Executive", Some(Sales)),
        ("Financial Analyst", Some(Finance)),
        ("Buchhalter (m/w/d)", Some(Finance)),
        ("Recruiter", Some(Hr)),
        ("Customer Support Specialist", Some(Support)),
        ("Data Entry Clerk", Some(Other)),
        ("Software Engineer", None),
        ("Softwareentwickler (m/w/d)", None),
        ("Engineer", None),
    ];
    for (title, want) in cases {
        assert_eq!(family_of_title(title), *want, "{title}");
    }
}

#[test]
fn profile_families_weigh_search_titles_most() {
    let families = profile_families(&data_engineer());
    assert_eq!(families.first(), Some(&RoleFamily::DataEngineering));
    assert!(families.contains(&RoleFamily::Backend), "{families:?}");
    let empty = Profile::from_json(r#"{"basics": {"name": "F"}}"#).unwrap();
    assert!(profile_families(&empty).is_empty());
}

#[test]
fn role_fit_scores_and_reasons() {
    let profile = profile_families(&data_engineer());
    let fit = |title: &str| role::fit(&profile, family_of_title(title));
    assert_eq!(fit("Senior Data Engineer").0, 1.0);
    assert_eq!(fit("Head of Data").0, 1.0);
    assert_eq!(fit("Backend Engineer (Rust)").0, 1.0, "the profile's earlier backend position");
    let (s, r) = fit("Analytics Engineer");
    assert_eq!(
        (s, r.as_str()),
        (MISMATCH, "an analytics role, close to your field; you are a data engineer")
    );
    let (s, r) = fit("Frontend Developer (React)");
    assert_eq!((s, r.as_str()), (RULED_OUT, "a frontend role; you are a data engineer"));
    let (s, r) = fit("Software Engineer");
    assert_eq!((s, r.as_str()), (0.85, "role not clear from the title"));
    assert_eq!(role::fit(&[], Some(RoleFamily::Frontend)).0, 0.85);
    assert_eq!(role::fit(&[RoleFamily::Frontend], Some(RoleFamily::Fullstack)).0, MISMATCH);
}

/// The traps together: each is either a far level or another family for the data engineer.
#[test]
fn traps_for_a_mid_level_data_engineer() {
    let profile = data_engineer();
    let years = experience_years(&profile.resume.work, today());
    let level = profile_level(&profile, years);
    let families = profile_families(&profile);
    let both = |title: &str| {
        let (s, _) = seniority::fit(level, years, posting_level(title, ""), None);
        let (r, _) = role::fit(&families, family_of_title(title));
        (r, s)
    };
    let (role_fit, level_fit) = both("Head of Data");
    assert_eq!(role_fit, 1.0);
    assert!(level_fit <= 0.05, "{level_fit}");
    assert!(both("Frontend Developer (React)").0 <= 0.15);
    assert!(both("Data Engineering Intern").1 <= 0.25);
    assert!(both("Werkstudent Data Engineering").1 <= 0.25);
    assert_eq!(both("Data Engineer"), (1.0, 1.0));
}

#[test]
fn accountants_are_finance_and_office_managers_are_office_roles() {
    for title in [
        "Accountant (m/f/d) Group Reporting",
        "Group Reporting Accountant",
        "Bilanzbuchhalter:in",
        "Accounting Specialist – Reporting",
    ] {
        assert_eq!(family_of_title(title), Some(RoleFamily::Finance), "{title}");
    }
    assert_eq!(family_of_title("Reporting Analyst"), Some(RoleFamily::Analytics));
    for title in ["Office Manager (m/w/d)", "Office Manager:in", "Büromanagerin", "Executive Assistant"] {
        assert_eq!(family_of_title(title), Some(RoleFamily::Other), "{title}");
    }
    let (score, reason) = role::fit(&[RoleFamily::Finance], family_of_title("Office Manager"));
    assert!(score < 0.5, "{reason}");
}

#[test]
fn years_are_read_from_text_with_capitals_and_umlauts() {
    assert_eq!(years_asked("Mindestens Fünf Jahre Berufserfahrung in der Buchhaltung."), Some(5));
    assert_eq!(years_asked("ÜBER 3+ JAHRE ERFAHRUNG"), Some(3));
    assert_eq!(years_asked("2.5 years of experience, 4-6 years preferred in data."), Some(4));
}
