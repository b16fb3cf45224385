//! Spaced review with FSRS-5 (the Free Spaced Repetition Scheduler), long-term mode.
//!
//! A topic that is checked as done becomes a card: the check is its first review, rated
//! good. Each later `review` rating updates the card's stability (days until recall drops to
//! 90%) and difficulty, and the next review is due after an interval that targets 90%
//! retention. Days are whole local days; there is no fuzz, so schedules are reproducible.
//!
//! The formulas and default weights are FSRS-5's as published by the open-spaced-repetition
//! project; the unit tests check them against values from its reference scheduler.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A review rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// FSRS-5 default weights.
const W: [f64; 19] = [
    0.4072, 1.1829, 3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813,
    0.0953, 0.2975, 2.2042, 0.2407, 2.9466, 0.5034, 0.6567,
];
const DECAY: f64 = -0.5;
/// Chosen so that recall is 90% after `stability` days: 0.9^(1/DECAY) - 1.
const FACTOR: f64 = 19.0 / 81.0;
/// The recall probability the intervals aim for.
pub const TARGET_RETENTION: f64 = 0.9;
const MAX_INTERVAL_DAYS: f64 = 36500.0;

/// The memory state of one topic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Card {
    pub stability: f64,
    pub difficulty: f64,
    /// The day of the last review.
    pub last: NaiveDate,
    /// Days from `last` to the next review.
    pub interval: i64,
    /// How many reviews (the first check included).
    pub reviews: u32,
}

impl Card {
    /// The day the next review is due.
    pub fn due(&self) -> NaiveDate {
        self.last + chrono::Duration::days(self.interval)
    }

    /// A new card from a first review on `day`.
    pub fn first(rating: Rating, day: NaiveDate) -> Card {
        let stability = init_stability(rating);
        Card {
            stability,
            difficulty: init_difficulty(rating),
            last: day,
            interval: intervals_from(&[init_stability(Rating::Hard), stability], rating),
            reviews: 1,
        }
    }

    /// The card after a review rated `rating` on `day`.
    pub fn review(&self, rating: Rating, day: NaiveDate) -> Card {
        let elapsed = (day - self.last).num_days().max(0);
        let r = retrievability(elapsed as f64, self.stability);
        let (s, d) = (self.stability, self.difficulty);
        let next_s = |g: Rating| match g {
            Rating::Again => forget_stability(d, s, r),
            g => recall_stability(d, s, r, g),
        };
        let stability = next_s(rating);
        let interval = if rating == Rating::Again {
            interval_for(stability)
        } else {
            intervals_from(
                &[
                    next_s(Rating::Hard),
                    next_s(Rating::Good),
                    next_s(Rating::Easy),
                ],
                rating,
            )
        };
        Card {
            stability,
            difficulty: next_difficulty(d, rating),
            last: day,
            interval,
            reviews: self.reviews + 1,
        }
    }
}

fn grade(r: Rating) -> f64 {
    match r {
        Rating::Again => 1.0,
        Rating::Hard => 2.0,
        Rating::Good => 3.0,
        Rating::Easy => 4.0,
    }
}

/// Probability of recall after `elapsed` days at `stability`.
pub fn retrievability(elapsed: f64, stability: f64) -> f64 {
    (1.0 + FACTOR * elapsed / stability).powf(DECAY)
}

fn init_stability(r: Rating) -> f64 {
    W[grade(r) as usize - 1].max(0.1)
}

fn init_difficulty(r: Rating) -> f64 {
    (W[4] - (W[5] * (grade(r) - 1.0)).exp() + 1.0).clamp(1.0, 10.0)
}

fn next_difficulty(d: f64, r: Rating) -> f64 {
    let moved = d - W[6] * (grade(r) - 3.0);
    // Mean reversion towards the difficulty of an easy first review.
    (W[7] * init_difficulty(Rating::Easy) + (1.0 - W[7]) * moved).clamp(1.0, 10.0)
}

fn recall_stability(d: f64, s: f64, r: f64, rating: Rating) -> f64 {
    let modifier = match rating {
        Rating::Hard => W[15],
        Rating::Easy => W[16],
        _ => 1.0,
    };
    let growth = W[8].exp() * (11.0 - d) * s.powf(-W[9]) * ((W[10] * (1.0 - r)).exp() - 1.0);
    s * (growth * modifier + 1.0)
}

fn forget_stability(d: f64, s: f64, r: f64) -> f64 {
    W[11] * d.powf(-W[12]) * ((s + 1.0).powf(W[13]) - 1.0) * (W[14] * (1.0 - r)).exp()
}

/// Whole days until recall falls to the target retention, at least one.
fn interval_for(stability: f64) -> i64 {
    let days = stability / FACTOR * (TARGET_RETENTION.powf(1.0 / DECAY) - 1.0);
    days.round().clamp(1.0, MAX_INTERVAL_DAYS) as i64
}

/// The interval for `rating` given the stabilities of the passing grades (hard, good[,
/// easy]), kept in order: hard <= good < easy, as the reference scheduler does.
fn intervals_from(stabilities: &[f64], rating: Rating) -> i64 {
    let hard = interval_for(stabilities[0]);
    let good = stabilities.get(1).map_or(hard, |s| interval_for(*s));
    let hard = hard.min(good);
    let good = good.max(hard + 1);
    match rating {
        Rating::Again | Rating::Hard => hard,
        Rating::Good => good,
        Rating::Easy => {
            let easy = stabilities.get(2).map_or(good + 1, |s| interval_for(*s));
            easy.max(good + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn first_review_good() {
        let c = Card::first(Rating::Good, d("2026-01-01"));
        assert!(close(c.stability, 3.1262));
        assert!(close(c.difficulty, 5.3146), "{}", c.difficulty);
        assert_eq!(c.interval, 3);
        assert_eq!(c.due(), d("2026-01-04"));
    }

    #[test]
    fn retrievability_is_ninety_percent_at_stability() {
        assert!(close(retrievability(10.0, 10.0), 0.9));
        assert!(close(retrievability(0.0, 3.0), 1.0));
    }

    /// Known sequences of ratings, each given on its due day, starting 2026-01-01: the
    /// stabilities and due dates of the reference scheduler (rs-fsrs 1.2.1, long-term,
    /// no fuzz).
    #[test]
    fn reference_sequences() {
        let cases: [(&str, &[(f64, &str)]); 3] = [
            (
                "gggggg",
                &[
                    (3.1262, "2026-01-04"),
                    (11.3884, "2026-01-15"),
                    (36.3937, "2026-02-20"),
                    (105.1870, "2026-06-05"),
                    (276.6909, "2027-03-09"),
                    (669.2251, "2029-01-06"),
                ],
            ),
            (
                "ggagee",
                &[
                    (3.1262, "2026-01-04"),
                    (11.3884, "2026-01-15"),
                    (2.3341, "2026-01-17"),
                    (6.1216, "2026-01-23"),
                    (35.3456, "2026-02-27"),
                    (204.0311, "2026-09-19"),
                ],
            ),
            (
                "ghhhe",
                &[
                    (3.1262, "2026-01-04"),
                    (5.1149, "2026-01-09"),
                    (7.6460, "2026-01-17"),
                    (10.6456, "2026-01-28"),
                    (46.4679, "2026-03-15"),
                ],
            ),
        ];
        for (ratings, expected) in cases {
            let mut card: Option<Card> = None;
            let mut day = d("2026-01-01");
            for (c, (stability, due)) in ratings.chars().zip(expected) {
                let rating = match c {
                    'a' => Rating::Again,
                    'h' => Rating::Hard,
                    'g' => Rating::Good,
                    _ => Rating::Easy,
                };
                let next = match card {
                    None => Card::first(rating, day),
                    Some(c) => c.review(rating, day),
                };
                assert!(
                    close(next.stability, *stability),
                    "{ratings}: {} vs {stability}",
                    next.stability
                );
                assert_eq!(next.due().to_string(), *due, "{ratings}");
                day = next.due();
                card = Some(next);
            }
        }
    }

    #[test]
    fn intervals_grow_with_good_and_shrink_after_again() {
        let mut c = Card::first(Rating::Good, d("2026-01-01"));
        let mut last = c.interval;
        for _ in 0..3 {
            c = c.review(Rating::Good, c.due());
            assert!(c.interval > last);
            last = c.interval;
        }
        let lapsed = c.review(Rating::Again, c.due());
        assert!(lapsed.interval < c.interval);
        assert!(lapsed.stability < c.stability);
        assert!(lapsed.difficulty > c.difficulty);
        let easy = c.review(Rating::Easy, c.due());
        let good = c.review(Rating::Good, c.due());
        let hard = c.review(Rating::Hard, c.due());
        assert!(easy.interval > good.interval && good.interval > hard.interval);
    }
}
