//! Greedy and the Method of Equal Shares (with add1 completion), exactly.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

use super::rational::{Frac, Q};
use super::{Ballot, Cents, Instance, Outcome, ProjectOutcome, Reason, Rule};

/// Settings of the count that a round does not choose; the defaults are Plein's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountOptions {
    /// How much every voter's share grows per step of the completion of Equal
    /// Shares, in cents. Plein uses one euro ("add1", as Wieliczka did with
    /// one złoty).
    pub voter_budget_increment: Cents,
}

impl Default for CountOptions {
    fn default() -> Self {
        Self {
            voter_budget_increment: 100,
        }
    }
}

/// Counts the ballots of `instance` by `rule` with Plein's settings.
pub fn count(instance: &Instance, rule: Rule) -> Outcome {
    count_with(instance, rule, &CountOptions::default())
}

/// Counts with explicit [`CountOptions`].
pub fn count_with(instance: &Instance, rule: Rule, options: &CountOptions) -> Outcome {
    count_inner(instance, rule, options, true)
}

/// [`count_with`] taking every step of the completion, for the test that
/// skipping unchanged steps gives the same result.
#[cfg(test)]
pub(crate) fn count_every_step(instance: &Instance, rule: Rule) -> Outcome {
    count_inner(instance, rule, &CountOptions::default(), false)
}

fn count_inner(instance: &Instance, rule: Rule, options: &CountOptions, skip: bool) -> Outcome {
    let prepared = Prepared::new(instance);
    let mut reasons: Vec<Option<Reason>> = vec![None; instance.projects.len()];
    let mut funded = vec![false; instance.projects.len()];
    let mut used: Cents = 0;

    if rule == Rule::EqualShares {
        let increment = options.voter_budget_increment.max(1);
        let run = equal_shares_completed(instance, &prepared, increment, skip);
        for &p in &run.selected {
            funded[p] = true;
            used += instance.projects[p].cost;
            reasons[p] = Some(Reason::FundedByEqualShares {
                supporters: prepared.supporters[p],
                cost: instance.projects[p].cost,
            });
        }
        // Greedy for what is left.
        let order = prepared.greedy_order(instance);
        for &p in &order {
            if funded[p] {
                continue;
            }
            let cost = instance.projects[p].cost;
            let left = instance.budget - used;
            if cost <= left {
                funded[p] = true;
                used += cost;
                reasons[p] = Some(Reason::FundedInCompletion {
                    votes: prepared.votes[p],
                    left,
                });
            }
        }
        let budget_left = instance.budget - used;
        for &p in &order {
            if reasons[p].is_none() {
                reasons[p] = Some(Reason::NotFundedSupportersShort {
                    supporters: prepared.supporters[p],
                    left: run.left_of_supporters(&prepared, p),
                    cost: instance.projects[p].cost,
                    budget_left,
                });
            }
        }
    } else {
        let order = prepared.greedy_order(instance);
        for (place, &p) in order.iter().enumerate() {
            let cost = instance.projects[p].cost;
            let left = instance.budget - used;
            let votes = prepared.votes[p];
            if cost <= left {
                funded[p] = true;
                used += cost;
                reasons[p] = Some(Reason::FundedByVotes {
                    votes,
                    place: place + 1,
                });
            } else {
                reasons[p] = Some(Reason::NotFundedDoesNotFit { votes, left, cost });
            }
        }
    }

    let projects = reasons
        .into_iter()
        .enumerate()
        .map(|(p, reason)| ProjectOutcome {
            funded: funded[p],
            votes: prepared.votes[p],
            reason: reason.unwrap_or(Reason::NoVotes),
        })
        .collect();
    Outcome {
        rule,
        projects,
        budget_used: used,
        voters: instance.ballots.len(),
        budget: instance.budget,
    }
}

/// The ballots grouped: identical ballots become one class with a multiplicity.
struct Prepared {
    /// Per project: supporters (approval) or points (cumulative).
    votes: Vec<u64>,
    /// Per project: the number of voters who gave it a vote or points.
    supporters: Vec<u64>,
    /// Per class: how many ballots, and the (project, weight) pairs.
    classes: Vec<(u64, Vec<(u32, u32)>)>,
    /// Per class, beside its pairs: the number of each weight in `weights`.
    class_weights: Vec<Vec<u32>>,
    /// Per project: the (class, weight) pairs of its supporters.
    by_project: Vec<Vec<(u32, u32)>>,
    /// The distinct weights on the ballots (1 for approval), in order.
    weights: Vec<u32>,
    /// The supporters of each project by (state, weight) at the start of a
    /// run, when all are in state 0 (see [`Counts`]).
    start_counts: Vec<u64>,
}

impl Prepared {
    fn new(instance: &Instance) -> Prepared {
        let n = instance.projects.len();
        let mut votes = vec![0u64; n];
        let mut supporters = vec![0u64; n];
        let mut index: HashMap<Vec<(u32, u32)>, usize> = HashMap::new();
        let mut classes: Vec<(u64, Vec<(u32, u32)>)> = Vec::new();
        for ballot in &instance.ballots {
            // Invalid entries (unknown project, repeated project, 0 points) are
            // ignored here; `validate_ballot` rejects them before they are stored.
            let mut items: Vec<(u32, u32)> = match ballot {
                Ballot::Approval(list) => list.iter().map(|&p| (p, 1)).collect::<Vec<_>>(),
                Ballot::Cumulative(list) => list.clone(),
            }
            .into_iter()
            .filter(|&(p, w)| p < n && w > 0)
            .filter_map(|(p, w)| Some((u32::try_from(p).ok()?, w)))
            .collect();
            items.sort_unstable();
            items.dedup_by_key(|&mut (p, _)| p);
            for &(p, w) in &items {
                votes[p as usize] += u64::from(w);
                supporters[p as usize] += 1;
            }
            match index.get(&items) {
                Some(&c) => classes[c].0 += 1,
                None => {
                    index.insert(items.clone(), classes.len());
                    classes.push((1, items));
                }
            }
        }
        let mut by_project: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for (c, (_, items)) in classes.iter().enumerate() {
            for &(p, w) in items {
                by_project[p as usize].push((c as u32, w));
            }
        }
        let mut weights: Vec<u32> = classes
            .iter()
            .flat_map(|(_, items)| items.iter().map(|&(_, w)| w))
            .collect();
        weights.sort_unstable();
        weights.dedup();
        let weight_index = |w: u32| weights.binary_search(&w).unwrap_or(0) as u32;
        let class_weights = classes
            .iter()
            .map(|(_, items)| items.iter().map(|&(_, w)| weight_index(w)).collect())
            .collect();
        let mut start_counts = vec![0u64; weights.len() * n];
        for (p, list) in by_project.iter().enumerate() {
            for &(c, w) in list {
                start_counts[weight_index(w) as usize * n + p] += classes[c as usize].0;
            }
        }
        Prepared {
            votes,
            supporters,
            classes,
            class_weights,
            by_project,
            weights,
            start_counts,
        }
    }

    /// Projects with votes and a positive cost, most votes first, ties by key.
    fn greedy_order(&self, instance: &Instance) -> Vec<usize> {
        let mut order: Vec<usize> = (0..instance.projects.len())
            .filter(|&p| self.votes[p] > 0 && instance.projects[p].cost > 0)
            .collect();
        order.sort_by(|&a, &b| {
            self.votes[b]
                .cmp(&self.votes[a])
                .then_with(|| instance.projects[a].key.cmp(&instance.projects[b].key))
        });
        order
    }
}

/// One run of Equal Shares at a given share per voter.
struct Run {
    selected: Vec<usize>,
    /// The voters' shares after the run, by state, as numerators over
    /// `denominator`; `class_state` maps a class to its state.
    states: Vec<BigInt>,
    denominator: BigInt,
    class_state: Vec<u32>,
}

impl Run {
    /// What the supporters of `p` had left together, rounded down to cents.
    fn left_of_supporters(&self, prepared: &Prepared, p: usize) -> Cents {
        let mut sum = BigInt::zero();
        for &(c, _) in &prepared.by_project[p] {
            let mult = prepared.classes[c as usize].0;
            let b = &self.states[self.class_state[c as usize] as usize];
            if !b.is_zero() {
                sum += b * mult;
            }
        }
        Frac::new(sum, self.denominator.clone()).floor()
    }
}

/// Equal Shares raised by `increment` cents per voter per step until a step
/// would overspend or the outcome is exhaustive (as pabutools'
/// `method_of_equal_shares(..., voter_budget_increment=...)`).
///
/// Steps whose outcome is certainly the same as the one before are skipped:
/// every decision a run takes (can a project be afforded, who pays in full,
/// which project is cheapest per unit of utility) compares quantities that
/// are affine in the starting share as long as all decisions stay the same.
/// Two runs, at share t and t + one step, that take the same decisions fix
/// those lines; the first step at which one of them could reach zero is the
/// next share worth counting. The result is the same as taking every step.
fn equal_shares_completed(
    instance: &Instance,
    prepared: &Prepared,
    increment: Cents,
    skip: bool,
) -> Run {
    let voters = instance.ballots.len() as i64;
    let candidates: Vec<usize> = (0..instance.projects.len())
        .filter(|&p| prepared.votes[p] > 0 && instance.projects[p].cost > 0)
        .collect();
    if voters == 0 || candidates.is_empty() {
        return Run {
            selected: Vec::new(),
            states: vec![BigInt::zero()],
            denominator: BigInt::from(1),
            class_state: vec![0; prepared.classes.len()],
        };
    }
    let step = Q::int(increment);
    let total = |run: &Run| -> Cents {
        run.selected
            .iter()
            .map(|&p| instance.projects[p].cost)
            .sum()
    };
    let exhaustive = |run: &Run| {
        let spent = total(run);
        candidates.iter().all(|&p| {
            run.selected.contains(&p) || spent + instance.projects[p].cost > instance.budget
        })
    };
    let mut share = Q::ratio(instance.budget.max(0), voters);
    // The share of the last feasible, non-exhaustive run before `share`.
    let mut previous: Option<Q> = None;
    loop {
        let mut trace_a = Vec::new();
        let a = equal_shares_run(instance, prepared, &candidates, &share, Some(&mut trace_a));
        if total(&a) > instance.budget {
            return match previous {
                Some(s) => equal_shares_run(instance, prepared, &candidates, &s, None),
                None => a,
            };
        }
        if exhaustive(&a) {
            return a;
        }
        let next_share = share.add(&step);
        let mut trace_b = Vec::new();
        let b = equal_shares_run(
            instance,
            prepared,
            &candidates,
            &next_share,
            Some(&mut trace_b),
        );
        if total(&b) > instance.budget {
            return a;
        }
        if exhaustive(&b) {
            return b;
        }
        let k = if skip && a.selected == b.selected {
            // The order in which projects were looked at may differ; the
            // decisions are lined up by where they were taken.
            trace_a.sort_by(|x, y| x.0.cmp(&y.0));
            trace_b.sort_by(|x, y| x.0.cmp(&y.0));
            steps_to_next_change(&trace_a, &trace_b).unwrap_or(2)
        } else {
            2
        };
        // Runs at share + 1..k-1 steps take the decisions of `a`: same outcome.
        previous = Some(share.add(&step.mul_int(k - 1)));
        share = share.add(&step.mul_int(k));
    }
}

/// Where a decision of a run was taken, to line up the decisions of two runs.
type Tag = (u32, u32, u8, u32, u32);

/// With decision values `a` at share t and `b` at t + one step, the first
/// whole number of steps k ≥ 2 at which some value could reach zero (change
/// sign); `None` when the decisions differ, so no step may be skipped.
fn steps_to_next_change(a: &[(Tag, Frac)], b: &[(Tag, Frac)]) -> Option<u64> {
    if a.len() != b.len() {
        return None;
    }
    let mut best: Option<u64> = None;
    for ((ta, fa), (tb, fb)) in a.iter().zip(b) {
        if ta != tb || fa.signum() != fb.signum() {
            return None;
        }
        if fa.signum() == 0 {
            continue;
        }
        // Moving towards zero: |fb| < |fa|; zero after fa / (fa - fb) steps.
        let Some(k) = fa.steps_to_zero(fb) else {
            continue;
        };
        let k = k.max(2);
        best = Some(best.map_or(k, |b| b.min(k)));
    }
    best.or(Some(u64::MAX / 4)).map(|k| k.max(2))
}

/// The number of supporters of each project in each state with each weight:
/// one row per (state, weight number), `(state × weights + weight number) ×
/// projects + project`. Dense, since there are few states (voters with the
/// same share share a state); a row per state keeps the count's inner loop
/// (moving a class of voters to another state) within two rows.
type Counts = Vec<u64>;

/// A fast hash for the small integer keys of the count (not for input an
/// attacker chooses freely: the keys are state numbers and weights).
#[derive(Default, Clone, Copy)]
struct FastHash(u64);

impl Hasher for FastHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// One run of the Method of Equal Shares with cost satisfaction: the utility
/// of project p to a voter who gave it weight w (1 for approval, the points
/// for cumulative) is w × cost(p). Each round funds the project with the
/// lowest price per unit of utility ρ that its supporters can still pay, each
/// paying min(share, ρ × utility); ties go to the lowest key.
///
/// The shares are exact: every state's share is a whole numerator over one
/// common denominator, which grows when a payment needs it; so sums and
/// comparisons are integer operations.
fn equal_shares_run(
    instance: &Instance,
    prepared: &Prepared,
    candidates: &[usize],
    share: &Q,
    mut trace: Option<&mut Vec<(Tag, Frac)>>,
) -> Run {
    // Voters with the same share are in the same state; state 0 is the
    // starting share, state 1 is "nothing left".
    let (share_n, share_d) = share.parts();
    let mut den: BigInt = share_d.clone();
    let mut states: Vec<BigInt> = vec![share_n.clone(), BigInt::zero()];
    let mut class_state: Vec<u32> = vec![0; prepared.classes.len()];
    let nw = prepared.weights.len().max(1);
    let np = instance.projects.len();
    let mut counts: Counts = prepared.start_counts.clone();
    // Projects still in the race; the counts of the others no longer matter.
    let mut live = vec![false; np];
    for &p in candidates {
        live[p] = true;
    }
    // The last known ρ of each remaining project: a lower bound, since shares only shrink.
    let mut remaining: Vec<(usize, Q)> = candidates
        .iter()
        .map(|&p| {
            let total_weight: u64 = (0..nw)
                .map(|wi| counts[wi * np + p] * u64::from(prepared.weights[wi]))
                .sum();
            (p, Q::ratio(1, 1).div_int(total_weight.max(1)))
        })
        .collect();
    let mut selected = Vec::new();
    let mut round: u32 = 0;
    loop {
        round += 1;
        remaining.sort_by(|a, b| a.1.cmp(&b.1));
        // (project, ρ) of the projects evaluated this round, for the trace.
        let mut evaluated: Vec<(usize, Q)> = Vec::new();
        let mut skipped_from = remaining.len();
        // (position in remaining, ρ, what each unit of weight pays: numerator
        // over `den`, and its divisor)
        let mut best: Option<(usize, Q, BigInt, u64)> = None;
        let mut unaffordable: Vec<usize> = Vec::new();
        for i in 0..remaining.len() {
            let p = remaining[i].0;
            let cost = instance.projects[p].cost;
            let keys: Vec<(u32, u32, u64)> = counts[p..]
                .iter()
                .step_by(np)
                .enumerate()
                .filter(|&(_, &m)| m > 0)
                .map(|(row, &m)| ((row / nw) as u32, prepared.weights[row % nw], m))
                .collect();
            let mut available = BigInt::zero();
            for &(s, _, m) in &keys {
                let b = &states[s as usize];
                if !b.is_zero() {
                    available += b * m;
                }
            }
            let need = BigInt::from(cost) * &den;
            let pid = p as u32;
            if let Some(t) = trace.as_deref_mut() {
                t.push((
                    (round, pid, 0, 0, 0),
                    Frac::new(&available - &need, den.clone()),
                ));
            }
            if available < need {
                unaffordable.push(i);
                continue;
            }
            if let Some((_, best_rho, _, _)) = &best
                && remaining[i].1 > *best_rho
            {
                skipped_from = i;
                break;
            }
            // Poorest first (share per unit of weight).
            let mut list = keys.clone();
            list.sort_by(|a, b| {
                let (x, y) = (&states[a.0 as usize], &states[b.0 as usize]);
                if a.1 == b.1 {
                    x.cmp(y)
                } else {
                    (x * b.1).cmp(&(y * a.1))
                }
            });
            let mut rest = need;
            let mut weight: u64 = list.iter().map(|&(_, w, m)| u64::from(w) * m).sum();
            let mut found = None;
            for &(s, w, m) in &list {
                // What each unit of weight pays if all from here on pay in
                // full: rest / weight (over `den`); enough for this group?
                let b = &states[s as usize];
                if &rest * w <= b * weight {
                    found = Some((rest, weight));
                    break;
                }
                rest -= b * m;
                weight -= u64::from(w) * m;
            }
            let Some((rest, weight)) = found else {
                unaffordable.push(i);
                continue;
            };
            // ρ = (rest / weight / den) / cost
            let rho = Q::unreduced(
                rest.clone(),
                BigInt::from(weight) * BigInt::from(cost) * &den,
            );
            if let Some(t) = trace.as_deref_mut() {
                // Who pays in full (value < 0 or = 0) and who pays a part.
                let scale = BigInt::from(weight) * &den;
                for &(s, w, _) in &keys {
                    let value = &states[s as usize] * weight - &rest * w;
                    t.push(((round, pid, 1, s, w), Frac::new(value, scale.clone())));
                }
                evaluated.push((p, rho.clone()));
            }
            remaining[i].1 = rho.clone();
            let better = match &best {
                None => true,
                Some((j, best_rho, _, _)) => match rho.cmp(best_rho) {
                    Ordering::Less => true,
                    Ordering::Equal => {
                        instance.projects[p].key < instance.projects[remaining[*j].0].key
                    }
                    Ordering::Greater => false,
                },
            };
            if better {
                best = Some((i, rho, rest, weight));
            }
        }
        if let Some(t) = trace.as_deref_mut()
            && let Some((_, best_rho, _, _)) = &best
        {
            for (p, rho) in &evaluated {
                t.push(((round, *p as u32, 2, 0, 0), Frac::difference(rho, best_rho)));
            }
            for (p, lower) in &remaining[skipped_from..] {
                t.push((
                    (round, *p as u32, 3, 0, 0),
                    Frac::difference(lower, best_rho),
                ));
            }
        }
        let Some((position, _, rest, weight)) = best else {
            break;
        };
        let chosen = remaining[position].0;
        selected.push(chosen);
        // Each unit of weight pays rest / weight over `den`; bring that to a
        // whole numerator by growing the common denominator.
        let g = {
            let r = (&rest % weight).to_u64().unwrap_or(0);
            r.gcd(&weight)
        };
        let g = if g == 0 { weight } else { g };
        let factor = weight / g;
        let unit: BigInt = rest / g;
        if factor != 1 {
            for b in &mut states {
                if !b.is_zero() {
                    *b *= factor;
                }
            }
            den *= factor;
        }
        // Drop the chosen and the unaffordable projects (shares only shrink).
        let mut drop = unaffordable;
        drop.push(position);
        drop.sort_unstable();
        for &i in drop.iter().rev() {
            live[remaining[i].0] = false;
            remaining.swap_remove(i);
        }
        // Pay: each supporter pays min(share, unit × weight).
        let mut next: HashMap<(u32, u32), u32, BuildHasherDefault<FastHash>> = HashMap::default();
        for &(c, w) in &prepared.by_project[chosen] {
            let old = class_state[c as usize];
            let new = match next.get(&(old, w)) {
                Some(&s) => s,
                None => {
                    let pay = &unit * w;
                    let b = &states[old as usize];
                    let s = if pay >= *b {
                        1
                    } else {
                        let left = b - pay;
                        states.push(left);
                        (states.len() - 1) as u32
                    };
                    next.insert((old, w), s);
                    s
                }
            };
            if new == old {
                continue;
            }
            class_state[c as usize] = new;
            let (mult, items) = &prepared.classes[c as usize];
            let (old, new) = (old as usize * nw, new as usize * nw);
            let size = states.len() * nw * np;
            if counts.len() < size {
                counts.resize(size, 0);
            }
            for (&(p, _), &wi) in items.iter().zip(&prepared.class_weights[c as usize]) {
                let p = p as usize;
                if live[p] {
                    counts[(old + wi as usize) * np + p] -= mult;
                    counts[(new + wi as usize) * np + p] += mult;
                }
            }
        }
        if remaining.is_empty() {
            break;
        }
    }
    Run {
        selected,
        states,
        denominator: den,
        class_state,
    }
}
