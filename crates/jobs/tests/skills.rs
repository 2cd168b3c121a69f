//! The skills vocabulary: synonyms and German terms resolve to one canonical name, families are
//! known, and free text yields the skills it names, in first-mention order, without the
//! common-word traps ("let's go", "the rest", "Series C", "R&D", "react to", "Spring 2026").

use jobhunter_jobs::matching::skills::vocabulary;

#[test]
fn synonyms_resolve_to_one_canonical_name() {
    let v = vocabulary();
    let cases = [
        ("k8s", "Kubernetes"),
        ("K8S", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("JS", "JavaScript"),
        ("TS", "TypeScript"),
        ("React.js", "React"),
        ("ReactJS", "React"),
        ("react js", "React"),
        ("Node", "Node.js"),
        ("nodejs", "Node.js"),
        ("Node JS", "Node.js"),
        ("Golang", "Go"),
        ("go", "Go"),
        ("C#", "C#"),
        ("c sharp", "C#"),
        (".NET", ".NET"),
        ("dotnet", ".NET"),
        ("ASP.NET Core", ".NET"),
        ("GCP", "Google Cloud"),
        ("Google Cloud Platform", "Google Cloud"),
        ("Amazon Web Services", "AWS"),
        ("Apache Kafka", "Kafka"),
        ("sklearn", "scikit-learn"),
        ("Scikit Learn", "scikit-learn"),
        ("CI/CD", "CI/CD"),
        ("ci-cd", "CI/CD"),
        ("CICD", "CI/CD"),
        ("PowerBI", "Power BI"),
        ("power-bi", "Power BI"),
        ("C++", "C++"),
        ("Datenbanken", "Databases"),
        ("Projektmanagement", "Project management"),
        ("Maschinelles Lernen", "Machine learning"),
        ("maschinelles lernen", "Machine learning"),
        ("Buchhaltung", "Accounting"),
        ("Künstliche Intelligenz", "Artificial intelligence"),
        ("Qualitätssicherung", "Quality assurance"),
        ("Testautomatisierung", "Test automation"),
        ("Lohnbuchhaltung", "Payroll"),
        ("Vertragsmanagement", "Contract management"),
        ("Stakeholder-Management", "Stakeholder management"),
    ];
    for (term, canonical) in cases {
        assert_eq!(v.canonical(term), Some(canonical), "{term}");
    }
    assert_eq!(v.canonical("Underwater basket weaving"), None);
    assert_eq!(v.canonical(""), None);
    assert_eq!(v.canonical("  "), None);
}

#[test]
fn every_skill_has_a_family() {
    let v = vocabulary();
    assert_eq!(v.family("Kubernetes"), Some("devops"));
    assert_eq!(v.family("k8s"), Some("devops"));
    assert_eq!(v.family("React"), Some("frontend"));
    assert_eq!(v.family("Airflow"), Some("data engineering"));
    assert_eq!(v.family("PyTorch"), Some("data science"));
    assert_eq!(v.family("Swift"), Some("mobile"));
    assert_eq!(v.family("Figma"), Some("design"));
    assert_eq!(v.family("Buchhaltung"), Some("finance"));
    assert_eq!(v.family("Scrum"), Some("methods"));
    assert_eq!(v.family("Penetration testing"), Some("security"));
    assert_eq!(v.family("nothing like a skill"), None);
    let families = v.families();
    for family in
        ["backend", "frontend", "data engineering", "data science", "devops", "mobile", "security", "qa"]
    {
        assert!(families.contains(&family), "{family}");
    }
    assert!(v.skills().count() >= 250, "{} skills", v.skills().count());
    assert!(v.skills().all(|(name, family)| v.family(name) == Some(family)));
}

#[test]
fn free_text_yields_skills_in_first_mention_order() {
    let text = "We build data pipelines in Python on Kubernetes (k8s) with Postgres.\n\
                - Apache Kafka, Spark and Airflow\n- Terraform on GCP\nPython again.";
    assert_eq!(
        vocabulary().find_in(text),
        ["Python", "Kubernetes", "PostgreSQL", "Kafka", "Spark", "Airflow", "Terraform", "Google Cloud"]
    );
}

#[test]
fn whole_words_only() {
    let v = vocabulary();
    assert!(v.find_in("We trust our team and our restaurant partners").is_empty());
    assert!(v.find_in("javascriptless, pythonic, reactive, scalable").is_empty());
    assert_eq!(v.find_in("Node.js, TypeScript."), ["Node.js", "TypeScript"]);
    assert_eq!(v.find_in("Python.Experience with Docker"), ["Python", "Docker"]);
    assert_eq!(v.find_in("Node JS and Java Script, PowerBI"), ["Node.js", "JavaScript", "Power BI"]);
}

#[test]
fn go_only_as_a_skill() {
    let v = vocabulary();
    for text in [
        "Let's go! Apply now.",
        "Go to our careers page to see more.",
        "Ready to go the extra mile with Python?",
        "Go beyond: we use Kubernetes.",
        "You go above and beyond.\nGo ahead and apply.",
        "A go-getter who likes AWS",
    ] {
        assert!(!v.find_in(text).contains(&"Go"), "{text}");
    }
    for text in [
        "Senior Go Developer",
        "Backend Engineer (Go)",
        "Golang, Kafka",
        "Experience with Python, Go and Rust",
        "Our stack: Go",
        "Tech stack:\n- Go\n- PostgreSQL",
        "- Rust\n- Go\n- Kafka",
        "You write services in Go.",
        "Mehrjährige Erfahrung als Go-Entwickler",
        "Go/Rust",
    ] {
        assert!(v.find_in(text).contains(&"Go"), "{text}");
    }
    assert_eq!(v.find_in("Go-to-market strategy with Salesforce"), ["Go-to-market", "Salesforce"]);
}

#[test]
fn single_letters_r_and_c() {
    let v = vocabulary();
    for text in [
        "We raised our Series C in 2024.",
        "R&D team",
        "C-level stakeholders",
        "Plan B or plan C",
        "(c) 2025 Acme",
    ] {
        let found = v.find_in(text);
        assert!(!found.contains(&"R") && !found.contains(&"C"), "{text}: {found:?}");
    }
    assert_eq!(v.find_in("C/C++ for embedded systems"), ["C", "C++", "Embedded systems"]);
    assert_eq!(v.find_in("Statistics in R or Python"), ["Statistics", "R", "Python"]);
    assert_eq!(v.find_in("R programming, SQL"), ["R", "SQL"]);
    assert_eq!(v.find_in("Objective-C and Swift"), ["Objective-C", "Swift"]);
    assert!(v.find_in("Languages: C, Rust").starts_with(&["C"]));
}

#[test]
fn rest_swift_spring_and_friends() {
    let v = vocabulary();
    for (text, not) in [
        ("For the rest of the week you relax.", "REST"),
        ("Rest assured, we pay well.", "REST"),
        ("Swift onboarding and a swift decision.", "Swift"),
        ("SWIFT payments for banks", "Swift"),
        ("Start in Spring 2026.", "Spring"),
        ("Spring is our busy season", "Spring"),
        ("You react quickly to incidents.", "React"),
        ("You excel at communication.", "Microsoft Excel"),
        ("Our Chef cooks lunch every day.", "Chef"),
        ("Dein Chef unterstützt dich.", "Chef"),
        ("Talk to Julia, our recruiter.", "Julia"),
        ("Express delivery of your laptop.", "Express"),
        ("Each node in the graph", "Node.js"),
        ("Sketch your ideas on a whiteboard.", "Sketch"),
        ("Acme SAS, Paris", "SAS"),
        ("Working at Oracle was fun", "Oracle Database"),
        ("We are embedded in the product team.", "Embedded systems"),
    ] {
        assert!(!v.find_in(text).contains(&not), "{text} is not {not}");
    }
    for (text, skill) in [
        ("REST APIs and GraphQL", "REST"),
        ("RESTful services", "REST"),
        ("Swift, SwiftUI", "Swift"),
        ("iOS development in Swift", "Swift"),
        ("Java with Spring Boot", "Spring"),
        ("Java, Spring, Hibernate", "Spring"),
        ("React, Redux", "React"),
        ("Excel and SQL", "Microsoft Excel"),
        ("Puppet, Chef or Ansible", "Chef"),
        ("Node, TypeScript", "Node.js"),
        ("Oracle, PostgreSQL", "Oracle Database"),
        ("Figma or Sketch", "Sketch"),
    ] {
        assert!(v.find_in(text).contains(&skill), "{text} has {skill}");
    }
}

#[test]
fn german_postings() {
    let text = "Dein Profil\n• Erfahrung mit Datenbanken (PostgreSQL) und Maschinelles Lernen\n\
                • Kenntnisse in Projektmanagement und Buchhaltung sind von Vorteil\n• Cloud-Computing mit Azure";
    assert_eq!(
        vocabulary().find_in(text),
        [
            "Databases",
            "PostgreSQL",
            "Machine learning",
            "Project management",
            "Accounting",
            "Cloud computing",
            "Microsoft Azure"
        ]
    );
}

#[test]
fn mentions_carry_their_byte_range() {
    let text = "Use k8s and Postgres";
    let mentions = vocabulary().mentions(text);
    assert_eq!(mentions.len(), 2);
    assert_eq!(&text[mentions[0].start..mentions[0].end], "k8s");
    assert_eq!(mentions[1].skill, "PostgreSQL");
    assert_eq!(&text[mentions[1].start..mentions[1].end], "Postgres");
}

#[test]
fn punctuation_inside_names() {
    let v = vocabulary();
    assert_eq!(
        v.find_in("Node.js, .NET, C++/C#; CI/CD. ...e.g. ASP.NET"),
        ["Node.js", ".NET", "C++", "C#", "CI/CD"]
    );
    let text = "We use .NET.";
    let mention = v.mentions(text)[0];
    assert_eq!(&text[mention.start..mention.end], ".NET");
}

/// Every name in the data means one skill, and every cased or ambiguous form is one token
/// naming a skill.
#[test]
fn the_data_is_consistent() {
    let data: serde_json::Value = serde_json::from_str(include_str!("../data/skills.json")).unwrap();
    let v = vocabulary();
    for skills in data["families"].as_object().unwrap().values() {
        for names in skills.as_array().unwrap() {
            let names: Vec<&str> = names.as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
            for name in &names {
                assert_eq!(v.canonical(name), Some(names[0]), "{name} names another skill");
            }
        }
    }
    for form in data["cased"].as_array().unwrap().iter().chain(data["ambiguous"].as_array().unwrap()) {
        let form = form.as_str().unwrap();
        assert!(form.chars().all(|c| c.is_alphanumeric() || c == '.'), "{form} is one token");
        assert!(v.canonical(form).is_some(), "{form} names no skill");
    }
}

/// Austrian and German accounting tools are skills; SAP FI/CO is SAP.
#[test]
fn accounting_tools() {
    let v = vocabulary();
    let text = "- Jahresabschlüsse nach UGB in BMD NTCS\n- DATEV, RZL oder Lexware\n\
                - Monthly closing in Oracle NetSuite\n- SAP FI/CO, SAP FI-CO";
    assert_eq!(
        v.find_in(text),
        ["Financial reporting", "UGB", "BMD", "DATEV", "RZL", "Lexware", "NetSuite", "SAP"]
    );
    assert_eq!(v.canonical("NTCS"), Some("BMD"));
    assert_eq!(v.family("NetSuite"), Some("finance"));
}

/// Teams and company names are not skills: "Recruiting-Team", "Kranich Logistics SE"; in a list
/// of skills or before "experience" they are. "Data pipelines" is no skill (the work, not a tool).
#[test]
fn recruiting_logistics_and_pipelines_need_a_skills_context() {
    let v = vocabulary();
    assert!(v.find_in("Fragen beantwortet dir gerne unser Recruiting-Team.").is_empty());
    assert!(v.find_in("Kranich Logistics moves parcels across Europe.").is_empty());
    assert!(v.find_in("Stephansdom Logistik GmbH sucht Verstärkung.").is_empty());
    assert!(v.find_in("We build data pipelines every day.").is_empty());
    assert_eq!(
        v.find_in("- Recruiting, Active Sourcing und Employer Branding"),
        ["Recruiting", "Active sourcing", "Employer branding"]
    );
    assert_eq!(v.find_in("3 years of Logistics experience"), ["Logistics"]);
    assert_eq!(v.canonical("Recruiting"), Some("Recruiting"));
}
