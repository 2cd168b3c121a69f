//! Language fit: the posting's language, the languages it requires, and the user's.

use jobhunter_jobs::matching::language::{
    detect, fit, languages_asked, normalize_language, required_languages, LanguagesAsked,
};
use jobhunter_jobs::matching::{GAP, RULED_OUT};

const EN: &str = "We are looking for a data engineer to join our team. You will build pipelines with \
    Kafka and Spark, and you are comfortable on call. This is a role for someone who likes to own \
    things from design to production.";
const DE: &str = "Wir suchen eine Data Engineerin oder einen Data Engineer für unser Team in München. \
    Du baust mit uns Datenplattformen auf und bist für den Betrieb mitverantwortlich. Wir bieten dir \
    flexible Arbeitszeiten und ein Team, das sich auf dich freut.";
const FR: &str = "Nous recherchons un développeur backend pour rejoindre notre équipe à Paris. Vous serez \
    responsable de la conception des services et vous travaillerez avec les équipes produit dans un \
    environnement agile.";
const NL: &str = "Wij zoeken een frontend developer voor ons team in Amsterdam. Je werkt met React en \
    TypeScript en bent verantwoordelijk voor de kwaliteit van onze webapplicaties. Heb jij ervaring \
    met het bouwen van toegankelijke interfaces? Dan zijn wij op zoek naar jou.";
const ES: &str = "Buscamos un ingeniero de datos para nuestro equipo en Madrid. Ofrecemos un puesto \
    estable, trabajo remoto parcial y un equipo muy comprometido. Los requisitos son tres años de \
    experiencia y conocimientos de Python y del ecosistema cloud.";
const IT: &str = "Siamo un'azienda di Milano e cerchiamo uno sviluppatore backend per il nostro team. \
    Il ruolo prevede la progettazione delle API e la gestione della piattaforma. È richiesta \
    esperienza con Java e sono graditi i test automatici nella pipeline.";
const PL: &str = "Szukamy programisty backend do naszego zespołu w Warszawie. Będziesz odpowiedzialny za \
    rozwój usług oraz współpracę z zespołem produktowym. Wymagania: doświadczenie w pracy z Javą, \
    znajomość SQL i chęć do nauki. Oferujemy pracę zdalną i elastyczne godziny.";
const PT: &str = "Estamos à procura de uma pessoa engenheira de dados para a nossa equipe em Lisboa. Você \
    vai trabalhar com os times de produto e não tem medo de assumir responsabilidade. Oferecemos \
    trabalho remoto e um ambiente com muita autonomia.";

#[test]
fn detects_the_language_of_a_posting() {
    for (text, code) in
        [(EN, "en"), (DE, "de"), (FR, "fr"), (NL, "nl"), (ES, "es"), (IT, "it"), (PL, "pl"), (PT, "pt")]
    {
        assert_eq!(detect(text), Some(code), "{text}");
    }
}

#[test]
fn short_or_mixed_texts_are_unclear() {
    assert_eq!(detect("Senior Rust Engineer"), None);
    assert_eq!(
        detect("Kafka, Spark, Kubernetes, AWS, Terraform, Python, Go, gRPC, Postgres, Redis, dbt"),
        None
    );
    assert_eq!(detect(&format!("{EN} {DE}")), None);
}

#[test]
fn reads_required_languages_in_several_phrasings() {
    assert_eq!(required_languages("You speak fluent German and English."), ["de", "en"]);
    assert_eq!(required_languages("Requirements: German C1"), ["de"]);
    assert_eq!(required_languages("Sprachen: Deutsch (C1), Englisch (B2)"), ["de", "en"]);
    assert_eq!(required_languages("Du bringst sehr gute Deutschkenntnisse mit."), ["de"]);
    assert_eq!(required_languages("Verhandlungssicheres Englisch in Wort und Schrift"), ["en"]);
    assert_eq!(required_languages("Dutch is a must."), ["nl"]);
    assert_eq!(required_languages("Gute deutsche Sprachkenntnisse sind erforderlich."), ["de"]);
    assert_eq!(required_languages("Anglais courant exigé."), ["en"]);
}

#[test]
fn welcome_alternative_and_denied_languages_are_not_required() {
    assert!(required_languages("French is a plus.").is_empty());
    assert!(required_languages("Deutschkenntnisse sind von Vorteil.").is_empty());
    assert!(required_languages("No German required; our company language is English.").is_empty());
    assert!(required_languages("Fluent English or German.").is_empty());
    assert_eq!(required_languages("Fluent English is required; Spanish would be a plus."), ["en"]);
    assert_eq!(required_languages("Fluent English and German is a plus"), ["en"]);
    // Other words that look like languages.
    assert!(required_languages("You polish our UI and have strong skills in connection pools.").is_empty());
    assert!(required_languages("Deutsche Bahn is looking for strong engineers.").is_empty());
}

#[test]
fn normalizes_what_users_type() {
    assert_eq!(normalize_language("German (native)"), Some("de"));
    assert_eq!(normalize_language("Deutsch"), Some("de"));
    assert_eq!(normalize_language("English C1"), Some("en"));
    assert_eq!(normalize_language("en"), Some("en"));
    assert_eq!(normalize_language("EN"), Some("en"));
    assert_eq!(normalize_language("pt-BR"), Some("pt"));
    assert_eq!(normalize_language("Nederlands - vloeiend"), Some("nl"));
    assert_eq!(normalize_language("Klingon"), None);
}

#[test]
fn fit_compares_with_the_profile() {
    let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let user = langs(&["English (C1)", "Deutsch"]);
    let asks = |required: &[&'static str], optional: &[&'static str]| LanguagesAsked {
        required: required.to_vec(),
        optional: optional.to_vec(),
    };
    assert_eq!(fit(&[], Some("nl"), &asks(&["nl"], &[])), (0.9, "no languages in your profile".into()));
    assert_eq!(fit(&user, Some("en"), &asks(&["de"], &[])), (1.0, "asks for German, which you speak".into()));
    assert_eq!(fit(&user, Some("de"), &asks(&[], &[])), (1.0, "written in German, which you speak".into()));
    let dutch = fit(&user, Some("en"), &asks(&["nl"], &[]));
    assert_eq!(dutch, (RULED_OUT, "asks for Dutch; you list English and German".into()));
    assert_eq!(
        fit(&user, Some("nl"), &asks(&[], &[])),
        (0.25, "written in Dutch, which you don't list".into())
    );
    assert_eq!(fit(&user, None, &asks(&[], &[])).0, 0.9);
    let welcome = fit(&user, Some("en"), &asks(&["en"], &["fr"]));
    assert_eq!(
        welcome,
        (GAP, "French is a plus, which you don't list".into()),
        "a welcome language is a gap"
    );
}

#[test]
fn welcome_languages_are_read_apart_from_required_ones() {
    let asked = languages_asked("Fluent English is required; French is a plus (our ops teams are in Lyon).");
    assert_eq!((asked.required, asked.optional), (vec!["en"], vec!["fr"]));
    let both = languages_asked("Fluent German required. German or Dutch would be a plus.");
    assert!(both.optional.is_empty(), "required elsewhere stays required: {both:?}");
}

#[test]
fn end_to_end_on_a_dutch_posting() {
    let text = format!("{NL} Vloeiend Nederlands is een must.");
    let asked = languages_asked(&text);
    assert_eq!(asked.required, ["nl"]);
    let (score, reason) = fit(&["English".into()], detect(&text), &asked);
    assert_eq!(score, RULED_OUT);
    assert_eq!(reason, "asks for Dutch; you list English");
}

#[test]
fn hungarian_and_other_languages_read_as_required_or_welcome() {
    assert_eq!(
        required_languages(
            "Requirements\n- Native-level Hungarian (mandatory; all documents are in Hungarian)"
        ),
        vec!["hu"]
    );
    assert!(required_languages("French/Dutch/Hungarian is a plus").is_empty());
    assert!(required_languages("German and English; Hungarian is a plus").iter().all(|l| *l != "hu"));
    assert!(required_languages("Bookkeeping for Hungarian companies under Hungarian law").is_empty());
    assert_eq!(required_languages("Fluent Romanian required"), vec!["ro"]);
    let hungarian = LanguagesAsked { required: vec!["hu"], optional: vec![] };
    let (score, reason) = fit(&["German".into(), "English".into()], Some("en"), &hungarian);
    assert_eq!(score, RULED_OUT);
    assert!(reason.contains("Hungarian"), "{reason}");
}

#[test]
fn clauses_with_rare_capitals_are_read_like_others() {
    // "İ" lower-cases to two characters: the clause is lower-cased on its own.
    assert_eq!(required_languages("İstanbul office. Fluent German required."), vec!["de"]);
}
