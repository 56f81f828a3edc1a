//! IR -> Rust source text, one Tera template per kind of output file.
//!
//! The templates live in the workspace's `templates/` directory and are compiled into the
//! generator, so a regen never depends on the working directory. Templates receive views of IR
//! values ([`crate::view`], where their Rust text is written) and a header line only.

use crate::error::Error;
use crate::ir::{Api, Model, Operation};
use crate::view::{self, ModelView, ModuleView, OperationView};
use serde::Serialize;
use std::collections::BTreeMap;

/// A rendered file before formatting.
#[derive(Debug)]
pub struct RenderedFile {
    /// Path relative to the SDK crate root, e.g. `src/apis/user.rs`.
    pub path: String,
    /// The template that produced it (for error messages).
    pub template: &'static str,
    /// Unformatted Rust source.
    pub text: String,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("api.rs.tera", include_str!("../../templates/api.rs.tera")),
    (
        "apis_mod.rs.tera",
        include_str!("../../templates/apis_mod.rs.tera"),
    ),
    (
        "models.rs.tera",
        include_str!("../../templates/models.rs.tera"),
    ),
    (
        "models_mod.rs.tera",
        include_str!("../../templates/models_mod.rs.tera"),
    ),
    (
        "features.toml.tera",
        include_str!("../../templates/features.toml.tera"),
    ),
];

/// Where the features section goes, relative to the SDK crate root (see `output::SECTIONS`).
pub const FEATURES_FILE: &str = "Cargo.toml";

#[derive(Serialize)]
struct ApiFile<'a> {
    header: &'a str,
    module: &'a str,
    operations: Vec<OperationView<'a>>,
    /// The usage example of the module's page, as doc lines (empty: none).
    example: Vec<String>,
}

#[derive(Serialize)]
struct ModelFile<'a> {
    header: &'a str,
    module: &'a str,
    models: Vec<ModelView<'a>>,
}

#[derive(Serialize)]
struct ModelModFile<'a> {
    header: &'a str,
    modules: Vec<ModuleView<'a>>,
}

#[derive(Serialize)]
struct FeaturesSection<'a> {
    features: &'a [String],
}

#[derive(Serialize)]
struct ModFile<'a> {
    header: &'a str,
    modules: Vec<&'a str>,
}

/// Renders the `[features]` lines of the SDK's Cargo.toml: `all`, then one per API area. It is
/// TOML, so it bypasses the Rust formatter.
pub fn features_section(api: &Api) -> Result<String, Error> {
    let mut tera = tera::Tera::default();
    let (name, text) = TEMPLATES[TEMPLATES.len() - 1];
    tera.add_raw_template(name, text)
        .map_err(|e| template_error(name, "the template itself", &e))?;
    let section = FeaturesSection {
        features: &api.features,
    };
    Ok(render_one(&tera, name, FEATURES_FILE.to_string(), &section)?.text)
}

/// Renders every file of the generated part of the SDK, handing each to `emit` as soon as it is
/// rendered (regen formats the first files while it renders the rest). `header` is the `//!`
/// line that marks each file as generated.
pub fn render(api: &Api, header: &str, emit: &mut dyn FnMut(RenderedFile)) -> Result<(), Error> {
    let mut tera = tera::Tera::default();
    for (name, text) in TEMPLATES
        .iter()
        .filter(|(name, _)| name.ends_with(".rs.tera"))
    {
        tera.add_raw_template(name, text)
            .map_err(|e| template_error(name, "the template itself", &e))?;
    }

    let mut operations_by_module: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        operations_by_module
            .entry(op.module.as_str())
            .or_default()
            .push(op);
    }
    let mut models_by_module: BTreeMap<&str, Vec<&Model>> = BTreeMap::new();
    for model in &api.models {
        models_by_module
            .entry(model.module.as_str())
            .or_default()
            .push(model);
    }

    for (module, operations) in &operations_by_module {
        let context = ApiFile {
            header,
            module,
            operations: operations.iter().map(|op| OperationView::of(op)).collect(),
            example: api
                .example_operations
                .get(*module)
                .and_then(|name| operations.iter().find(|op| op.rust_name == *name))
                .map(|op| view::module_example(op))
                .unwrap_or_default(),
        };
        emit(render_one(
            &tera,
            "api.rs.tera",
            format!("src/apis/{module}.rs"),
            &context,
        )?);
    }
    for (module, models) in &models_by_module {
        let context = ModelFile {
            header,
            module,
            models: models.iter().map(|model| ModelView::of(model)).collect(),
        };
        emit(render_one(
            &tera,
            "models.rs.tera",
            format!("src/models/{module}.rs"),
            &context,
        )?);
    }
    let api_modules = ModFile {
        header,
        modules: operations_by_module.keys().copied().collect(),
    };
    emit(render_one(
        &tera,
        "apis_mod.rs.tera",
        "src/apis/mod.rs".to_string(),
        &api_modules,
    )?);
    let model_modules = ModelModFile {
        header,
        modules: api.model_modules.iter().map(ModuleView::of).collect(),
    };
    emit(render_one(
        &tera,
        "models_mod.rs.tera",
        "src/models/mod.rs".to_string(),
        &model_modules,
    )?);
    Ok(())
}

pub(crate) fn render_one<C: Serialize>(
    tera: &tera::Tera,
    template: &'static str,
    path: String,
    context: &C,
) -> Result<RenderedFile, Error> {
    let context =
        tera::Context::from_serialize(context).map_err(|e| template_error(template, &path, &e))?;
    let text = tera
        .render(template, &context)
        .map_err(|e| template_error(template, &path, &e))?;
    Ok(RenderedFile {
        path,
        template,
        text,
    })
}

pub(crate) fn template_error(template: &str, subject: &str, error: &tera::Error) -> Error {
    // Tera puts the useful detail in the error's sources; keep them all.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Template {
        template: template.to_string(),
        subject: subject.to_string(),
        message,
    }
}
