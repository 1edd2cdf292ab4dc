//! Euro amounts for residents: `€ 3.140,50` in Dutch, `€3,140.50` in English.
//! Whole euros are written without cents.

use super::Cents;

/// Dutch style: `€ 25.000`, `€ 3.140,50`.
pub fn euros_nl(cents: Cents) -> String {
    format_euros(cents, "€ ", '.', ',')
}

/// English style: `€25,000`, `€3,140.50`.
pub fn euros_en(cents: Cents) -> String {
    format_euros(cents, "€", ',', '.')
}

fn format_euros(cents: Cents, sign: &str, thousands: char, decimal: char) -> String {
    let minus = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    let digits = euros.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    if rest == 0 {
        format!("{minus}{sign}{grouped}")
    } else {
        format!("{minus}{sign}{grouped}{decimal}{rest:02}")
    }
}
