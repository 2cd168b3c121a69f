//! A small gazetteer: the cities a posting or a profile names, with their spellings in several
//! languages and approximate coordinates (`data/cities.txt`, made by hand for this project), so
//! that place fit can tell the user's own city ("München" is "Munich"), a neighbouring one a
//! person commutes to (Augsburg from Munich, Utrecht from Amsterdam) and a far one. Cities it
//! does not know fall back to comparing words and countries. Pure: the table is compiled in.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::words;

/// One city of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct City {
    /// The first spelling of the table ("München").
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub lat: f64,
    pub lon: f64,
}

struct Gazetteer {
    cities: Vec<City>,
    /// A spelling's words joined by single spaces → its city's index.
    by_name: HashMap<String, usize>,
    /// The most words a spelling has.
    longest: usize,
}

fn gazetteer() -> &'static Gazetteer {
    static TABLE: OnceLock<Gazetteer> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut g = Gazetteer { cities: Vec::new(), by_name: HashMap::new(), longest: 1 };
        for line in include_str!("../../../data/cities.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split(';');
            let (Some(names), Some(country), Some(lat), Some(lon)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                panic!("data/cities.txt: a line without four fields: {line}");
            };
            let index = g.cities.len();
            for spelling in names.split('|') {
                let key: Vec<String> = words(spelling).collect();
                g.longest = g.longest.max(key.len());
                g.by_name.entry(key.join(" ")).or_insert(index);
            }
            let coordinate = |v: &str| v.parse::<f64>().unwrap_or_else(|_| panic!("data/cities.txt: {line}"));
            g.cities.push(City {
                name: names.split('|').next().unwrap_or(names),
                country,
                lat: coordinate(lat),
                lon: coordinate(lon),
            });
        }
        g
    })
}

/// The first city of the table `place` names ("München-Schwabing, Bayern" → München), the
/// longest spelling winning at each word.
pub fn city_in(place: &str) -> Option<&'static City> {
    let g = gazetteer();
    let place_words: Vec<String> = words(place).collect();
    for start in 0..place_words.len() {
        for len in (1..=g.longest.min(place_words.len() - start)).rev() {
            let key = place_words[start..start + len].join(" ");
            if let Some(&i) = g.by_name.get(&key) {
                return Some(&g.cities[i]);
            }
        }
    }
    None
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: &City, b: &City) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_in_several_languages_name_one_city() {
        let munich = city_in("Munich, Germany").unwrap();
        assert_eq!(city_in("München-Schwabing, Bayern"), Some(munich));
        assert_eq!(city_in("St. Pölten").map(|c| c.name), Some("St. Pölten"));
        assert_eq!(city_in("The Hague, NL").map(|c| c.name), Some("Den Haag"));
        assert_eq!(city_in("Remote"), None);
    }

    #[test]
    fn neighbouring_cities_are_near_and_far_ones_far() {
        let d = |a: &str, b: &str| distance_km(city_in(a).unwrap(), city_in(b).unwrap());
        assert!((50.0..70.0).contains(&d("Munich", "Augsburg")), "{}", d("Munich", "Augsburg"));
        assert!((30.0..45.0).contains(&d("Amsterdam", "Utrecht")));
        assert!(d("Amsterdam", "Berlin") > 500.0);
        assert!(d("Wien", "Linz") > 150.0);
    }
}
