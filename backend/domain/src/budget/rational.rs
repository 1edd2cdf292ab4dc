//! A small exact fraction over big integers, for the Method of Equal Shares.
//! Always normalised: the denominator is positive and shares no factor with
//! the numerator, so equal values are equal structs.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

    pub(crate) fn zero() -> Q {
        Q::int(0)
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

    pub(crate) fn ratio(n: i64, d: i64) -> Q {
        Q::new(BigInt::from(n), BigInt::from(d))
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.n.is_zero()
    }

    pub(crate) fn add(&self, o: &Q) -> Q {
        if self.d == o.d {
            return Q::new(&self.n + &o.n, self.d.clone());
        }
        Q::new(&self.n * &o.d + &o.n * &self.d, &self.d * &o.d)
    }

    pub(crate) fn sub(&self, o: &Q) -> Q {
        if self.d == o.d {
            return Q::new(&self.n - &o.n, self.d.clone());
        }
        Q::new(&self.n * &o.d - &o.n * &self.d, &self.d * &o.d)
    }

    pub(crate) fn mul_int(&self, k: u64) -> Q {
        Q::new(&self.n * BigInt::from(k), self.d.clone())
    }

    pub(crate) fn div_int(&self, k: u64) -> Q {
        Q::new(self.n.clone(), &self.d * BigInt::from(k))
    }

    /// `self / o`; `o` must not be zero.
    pub(crate) fn div(&self, o: &Q) -> Q {
        Q::new(&self.n * &o.d, &self.d * &o.n)
    }

    /// Compares `self / a` with `o / b` for positive integers `a`, `b`.
    pub(crate) fn cmp_scaled(&self, a: u64, o: &Q, b: u64) -> Ordering {
        (&self.n * &o.d * BigInt::from(b)).cmp(&(&o.n * &self.d * BigInt::from(a)))
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

    /// Rounded up to an integer (saturating).
    pub(crate) fn ceil(&self) -> i64 {
        let f = -((-&self.n).div_floor(&self.d));
        i64::try_from(f).unwrap_or(if self.n.is_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// Rounded down to an integer.
    pub(crate) fn floor(&self) -> i64 {
        let f = self.n.div_floor(&self.d);
        i64::try_from(f).unwrap_or(if self.n.is_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }
}

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
