//! Required vs nice-to-have skills from a posting's own sections, on postings in the shape the
//! boards' `html_to_text` gives them (headings on their own lines, "-" or "•" bullets), in
//! English and German.

use jobhunter_jobs::matching::requirements::{requirements, sections, Requirements, Section};
use jobhunter_jobs::text::html_to_text;

fn listed(skills: &[&str]) -> Vec<String> {
    skills.iter().map(|s| (*s).to_owned()).collect()
}

const ENGLISH: &str = "About us
Acme builds payment infrastructure for 2,000 merchants across Europe. Our platform team runs \
Kubernetes on AWS and talks to every service over gRPC.
What you'll do
- Design and run Rust services with Tokio
- Own our event pipeline on Kafka
Requirements
- 4+ years of backend development in Rust
- Strong PostgreSQL and SQL skills
- Experience with Docker; Kafka experience is a plus
Nice to have
- Terraform, Helm
- Exposure to Go or Python
What we offer
- 30 days of vacation and a learning budget";

#[test]
fn an_english_posting_with_requirement_and_bonus_sections() {
    let r = requirements("Senior Backend Engineer (Rust)", ENGLISH, &[]);
    assert_eq!(r.required, ["Rust", "PostgreSQL", "SQL", "Docker"]);
    assert_eq!(
        r.nice_to_have,
        ["Kubernetes", "AWS", "gRPC", "Tokio", "Kafka", "Terraform", "Helm", "Go", "Python"],
        "the intro, the tasks and the bonus section are nice to have when requirements are stated"
    );
}

#[test]
fn board_skills_are_required_unless_the_text_places_them() {
    let r = requirements("Backend Engineer", ENGLISH, &listed(&["k8s", "Terraform", "Scala", "Teamwork"]));
    assert!(r.nice_to_have.contains(&"Kubernetes"), "named in the intro: the text's sections decide: {r:?}");
    assert!(r.required.contains(&"Scala"), "listed, not in the text: {r:?}");
    assert!(r.nice_to_have.contains(&"Terraform"), "listed, but only under Nice to have: {r:?}");
    assert!(!r.required.contains(&"Terraform"));
    assert_eq!(r.nice_to_have.iter().filter(|s| **s == "Kubernetes").count(), 1);
}

#[test]
fn a_posting_without_sections_requires_what_it_names() {
    let text = "We are looking for a data engineer to build pipelines with Python, Airflow and \
                Snowflake. Ideally you also know dbt. Experience with Looker would be a plus.";
    let r = requirements("Data Engineer", text, &[]);
    assert_eq!(r.required, ["Python", "Airflow", "Snowflake"]);
    assert_eq!(r.nice_to_have, ["dbt", "Looker"]);
}

#[test]
fn a_german_posting() {
    let text = "Über uns
Wir sind ein Münchner Fintech mit 80 Mitarbeitenden.
Deine Aufgaben
• Du entwickelst Datenpipelines mit Apache Airflow und Spark
• Du betreust unser Data Warehouse in BigQuery
Dein Profil
• Abgeschlossenes Studium der Informatik oder vergleichbar
• Mehrjährige Erfahrung mit Python und SQL
• Sehr gute Kenntnisse in Datenbanken, idealerweise PostgreSQL
• Kenntnisse in Kafka sind von Vorteil
Wünschenswert
• Erfahrung mit Terraform und Google Cloud
• Maschinelles Lernen
Wir bieten
• 30 Tage Urlaub, Jobrad, Homeoffice";
    let r = requirements("Data Engineer (m/w/d)", text, &[]);
    assert_eq!(r.required, ["Python", "SQL", "Databases"]);
    assert_eq!(
        r.nice_to_have,
        [
            "Airflow",
            "Spark",
            "Data warehousing",
            "BigQuery",
            "PostgreSQL",
            "Kafka",
            "Terraform",
            "Google Cloud",
            "Machine learning"
        ]
    );
}

#[test]
fn german_headings_and_inline_marks() {
    let text = "Was du mitbringst:
- Erfahrung mit React und TypeScript
- Gerne auch Next.js
Pluspunkte:
- Storybook
Von Vorteil
- Figma";
    let r = requirements("Frontend-Entwickler:in", text, &[]);
    assert_eq!(r.required, ["React", "TypeScript"]);
    assert_eq!(r.nice_to_have, ["Next.js", "Storybook", "Figma"]);

    let text = "Anforderungen\n- Java und Spring Boot\n- Kubernetes wünschenswert\nMuss:\n- Englisch\n";
    let r = requirements("Java Developer", text, &[]);
    assert_eq!(r.required, ["Java", "Spring"]);
    assert_eq!(r.nice_to_have, ["Kubernetes"]);
}

#[test]
fn markdown_and_html_shapes() {
    let html = "<h3>Who you are</h3><ul><li>You write TypeScript and React daily</li>\
                <li>You care about accessibility</li></ul><h3>Bonus points</h3><ul><li>Svelte</li>\
                <li>GraphQL</li></ul><p><strong>Perks</strong></p><p>Remote budget, Figma seats for everyone</p>";
    let r = requirements("Frontend Engineer", &html_to_text(html), &[]);
    assert_eq!(r.required, ["TypeScript", "React", "Web accessibility"]);
    assert_eq!(r.nice_to_have, ["Svelte", "GraphQL", "Figma"]);

    let md = "## Must have\n* Go\n* PostgreSQL\n## Preferred qualifications\n* AWS\n";
    let r = requirements("Platform Engineer", md, &[]);
    assert_eq!(r.required, ["Go", "PostgreSQL"]);
    assert_eq!(r.nice_to_have, ["AWS"]);
}

#[test]
fn inline_heading_with_its_items_and_a_required_word_before_a_plus() {
    let text = "Must have: Python, Django\nNice to have: Celery, Redis\n- Docker";
    let r = requirements("Python Developer", text, &[]);
    assert_eq!(r.required, ["Python", "Django"]);
    // The bullet follows the "Nice to have" line, so it is in its section.
    assert_eq!(r.nice_to_have, ["Celery", "Redis", "Docker"]);

    let text = "Requirements\n- Docker is required, Kubernetes is a plus\n- Strong SQL skills, experience with Airflow is a plus\n- Python (Django is a bonus)";
    let r = requirements("Python Developer", text, &[]);
    assert_eq!(r.required, ["Python", "Docker", "SQL"]);
    assert_eq!(r.nice_to_have, ["Kubernetes", "Airflow", "Django"]);
}

#[test]
fn a_skill_both_required_and_nice_counts_as_required_once() {
    let text = "Requirements\n- AWS\nNice to have\n- AWS certification, Terraform";
    let r = requirements("Cloud Engineer", text, &listed(&["AWS"]));
    assert_eq!(r, Requirements { required: vec!["AWS"], nice_to_have: vec!["Terraform"] });
}

#[test]
fn sentences_that_only_look_like_headings_do_not_open_sections() {
    let text = "Requirements\n- Rust\nKafka experience is a plus.\n- PostgreSQL\nYou have a great attitude and ship services in Go\n- SQL";
    let r = requirements("Engineer", text, &[]);
    assert_eq!(r.required, ["Rust", "PostgreSQL", "Go", "SQL"]);
    assert_eq!(r.nice_to_have, ["Kafka"]);
}

#[test]
fn sections_label_every_line() {
    let kinds: Vec<Section> = sections("Intro\nRequirements\n- Rust\nBonus:\n- Go\nBenefits\n- Lunch")
        .into_iter()
        .map(|(section, _)| section)
        .collect();
    use Section::*;
    assert_eq!(kinds, [Other, Required, Required, NiceToHave, NiceToHave, Other, Other]);
}

#[test]
fn empty_input() {
    assert_eq!(requirements("", "", &[]), Requirements::default());
    let r = requirements("Kotlin Developer", "", &listed(&["android", "unknown thing"]));
    assert_eq!(r.required, ["Kotlin", "Android"]);
}

/// An Austrian accounting posting: BMD NTCS required, NetSuite a plus; the recruiting team in
/// the contact line is no skill.
#[test]
fn an_austrian_accounting_posting() {
    let text =
        "Ihr Profil\n- Mehrjährige Erfahrung, BMD NTCS zwingend erforderlich\n- Fundierte UGB-Kenntnisse\n\
                - NetSuite von Vorteil\n\nKontakt\nFragen beantwortet dir gerne unser Recruiting-Team.";
    let r = requirements("Bilanzbuchhalter:in (m/w/d)", text, &[]);
    assert_eq!(r.required, ["BMD", "UGB"]);
    assert_eq!(r.nice_to_have, ["NetSuite"]);
}
