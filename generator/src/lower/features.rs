//! One cargo feature per API area (tag), and which models each one needs.
//!
//! A feature compiles its area's `Client` methods plus every model they mention, followed
//! through fields, variants and aliases; a model is compiled when any enabled feature needs it.
//! Models no operation reaches (and whatever they mention) are compiled with the `all` feature,
//! which also turns on every area: nothing an enabled area needs depends on them, so every
//! combination of features builds, and `--features user` does not pay for them.

use crate::ir::{Api, ModuleGate};
use std::collections::{BTreeMap, BTreeSet};

/// The feature that turns on every area (written by `features.toml.tera`), which also gates the
/// models no area needs.
const ALL_FEATURE: &str = "all";

/// Fills `api.features`, every model's features and module, and the model modules' features.
pub(super) fn gate_by_feature(api: &mut Api) {
    let features: BTreeSet<String> = api.operations.iter().map(|op| op.module.clone()).collect();
    let references: BTreeMap<&str, &[String]> = api
        .models
        .iter()
        .map(|m| (m.rust_name.as_str(), m.references.as_slice()))
        .collect();

    let mut needed_by: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for feature in &features {
        let seeds = api
            .operations
            .iter()
            .filter(|op| op.module == *feature)
            .flat_map(|op| op.models.iter().map(String::as_str))
            .chain(
                api.models
                    .iter()
                    .filter(|m| m.module == *feature)
                    .map(|m| m.rust_name.as_str()),
            );
        for model in closure(seeds, &references) {
            needed_by
                .entry(model.to_string())
                .or_default()
                .insert(feature);
        }
    }
    let unreached = api
        .models
        .iter()
        .map(|m| m.rust_name.as_str())
        .filter(|name| !needed_by.contains_key(*name));
    for model in closure(unreached, &references) {
        needed_by
            .entry(model.to_string())
            .or_default()
            .insert(ALL_FEATURE);
    }

    // A model lives in the module of the one family that needs it, or in `common` when several
    // (or none) do: a family's page shows its own types, and `common` the shared ones.
    for model in &mut api.models {
        model.module = match needed_by[&model.rust_name]
            .iter()
            .collect::<Vec<_>>()
            .as_slice()
        {
            [only] if **only != ALL_FEATURE => (*only).to_string(),
            _ => "common".to_string(),
        };
    }

    // A module is compiled when any of its models is.
    let mut modules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for model in &api.models {
        modules
            .entry(model.module.as_str())
            .or_default()
            .extend(needed_by[&model.rust_name].iter().copied());
    }
    let model_modules = modules
        .into_iter()
        .map(|(name, gate)| ModuleGate {
            name: name.to_string(),
            features: gate.iter().map(|f| f.to_string()).collect(),
        })
        .collect();
    api.model_modules = model_modules;
    for model in &mut api.models {
        model.features = needed_by[&model.rust_name]
            .iter()
            .map(|f| f.to_string())
            .collect();
    }
    api.features = features.into_iter().collect();
}

fn closure<'a>(
    seeds: impl Iterator<Item = &'a str>,
    references: &BTreeMap<&'a str, &'a [String]>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = seeds.collect();
    while let Some(model) = stack.pop() {
        if seen.insert(model) {
            if let Some(refs) = references.get(model) {
                stack.extend(refs.iter().map(String::as_str));
            }
        }
    }
    seen
}
