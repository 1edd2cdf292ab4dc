//! Small exact fractions over big integers, for the Method of Equal Shares:
//! [`Q`] for values that are computed with, [`Frac`] for values whose sign is
//! all that is asked. Denominators are always positive.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

/// A fraction, reduced unless made by [`Q::unreduced`]; equality and order
/// compare values either way.
#[derive(Debug, Clone)]
pub(crate) struct Q {
    n: BigInt,
    d: BigInt,
}

impl Q {
    pub(crate) fn int(v: i64) -> Q {
        Q {
            n: BigInt::from(v),
            d: BigInt::one(),
        }
    }

    /// `n / d`; `d` must not be zero.
    pub(crate) fn new(n: BigInt, d: BigInt) -> Q {
        debug_assert!(!d.is_zero());
        let (mut n, mut d) = if d.is_negative() { (-n, -d) } else { (n, d) };
        let g = n.gcd(&d);
        if !g.is_one() && !g.is_zero() {
            n /= &g;
            d /= &g;
        }
        Q { n, d }
    }

    /// `n / d` as it is, for a value that is only compared: cheaper than
    /// [`Q::new`]; `d` must be positive.
    pub(crate) fn unreduced(n: BigInt, d: BigInt) -> Q {
        debug_assert!(d.is_positive());
        Q { n, d }
    }

    pub(crate) fn ratio(n: i64, d: i64) -> Q {
        Q::new(BigInt::from(n), BigInt::from(d))
    }

    /// Numerator and (positive) denominator.
    pub(crate) fn parts(&self) -> (&BigInt, &BigInt) {
        (&self.n, &self.d)
    }

    pub(crate) fn add(&self, o: &Q) -> Q {
        if self.d == o.d {
            return Q::new(&self.n + &o.n, self.d.clone());
        }
        Q::new(&self.n * &o.d + &o.n * &self.d, &self.d * &o.d)
    }

    pub(crate) fn mul_int(&self, k: u64) -> Q {
        Q::new(&self.n * BigInt::from(k), self.d.clone())
    }

    pub(crate) fn div_int(&self, k: u64) -> Q {
        Q::new(self.n.clone(), &self.d * BigInt::from(k))
    }
}

impl PartialEq for Q {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Q {}

impl PartialOrd for Q {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Q {
    fn cmp(&self, o: &Self) -> Ordering {
        if self.d == o.d {
            return self.n.cmp(&o.n);
        }
        (&self.n * &o.d).cmp(&(&o.n * &self.d))
    }
}

/// An exact value `n / d` with a positive `d`, not reduced: cheap to make.
/// For the decisions a run of the count records, where only the sign and
/// the step at which it could change are asked.
#[derive(Debug, Clone)]
pub(crate) struct Frac {
    n: BigInt,
    d: BigInt,
}

impl Frac {
    /// `n / d`; `d` must be positive.
    pub(crate) fn new(n: BigInt, d: BigInt) -> Frac {
        debug_assert!(d.is_positive());
        Frac { n, d }
    }

    /// `a - b`.
    pub(crate) fn difference(a: &Q, b: &Q) -> Frac {
        Frac {
            n: &a.n * &b.d - &b.n * &a.d,
            d: &a.d * &b.d,
        }
    }

    pub(crate) fn signum(&self) -> i8 {
        if self.n.is_negative() {
            -1
        } else if self.n.is_zero() {
            0
        } else {
            1
        }
    }

    /// Rounded down to an integer (saturating).
    pub(crate) fn floor(&self) -> i64 {
        let f = self.n.div_floor(&self.d);
        i64::try_from(f).unwrap_or(if self.n.is_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// With `self` the value at step 0 and `next` at step 1 of a line, the
    /// step at which the line reaches zero, rounded up: `self / (self -
    /// next)`. `None` unless the line moves towards zero (and `self` ≠ 0).
    pub(crate) fn steps_to_zero(&self, next: &Frac) -> Option<u64> {
        // self - next = (a·d' − b·d) / (d·d'); the ratio is a·d' / (a·d' − b·d).
        let a = &self.n * &next.d;
        let delta = &a - &next.n * &self.d;
        if self.n.is_zero() || delta.is_zero() || delta.is_negative() != a.is_negative() {
            return None;
        }
        let k = -((-a).div_floor(&delta));
        Some(u64::try_from(k).unwrap_or(u64::MAX))
    }
}
