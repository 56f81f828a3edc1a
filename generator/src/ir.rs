//! The intermediate representation: plain owned data describing the SDK to generate.
//!
//! Everything here is named after what it becomes in the generated crate. The IR is built by
//! [`crate::lower`] from the spec and is the only input of [`crate::render`]: templates never see
//! spec types. Every decision (names, Rust types, wire names, which writer method and reply kind)
//! is already taken when a value of these types exists, so templates stay loops and field access.

use serde::Serialize;

/// The whole SDK surface derived from one spec.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The spec's `info.title`.
    pub title: String,
    /// The spec's `info.version`.
    pub spec_version: String,
    /// Every method of `Client`, sorted by Rust name.
    pub operations: Vec<Operation>,
    /// Every model (struct, enum or alias), sorted by Rust name.
    pub models: Vec<Model>,
    /// The cargo features, one per API area (tag) that has operations, sorted.
    pub features: Vec<String>,
    /// The model modules and the `#[cfg(...)]` compiling each in (empty: always), sorted.
    pub model_modules: Vec<ModuleGate>,
    /// A usage example for each `apis` module's page, as doc lines (without `//!`).
    pub module_examples: std::collections::BTreeMap<String, Vec<String>>,
}

/// A generated module and the features that need it.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleGate {
    /// Module name, e.g. `user`.
    pub name: String,
    /// `#[cfg(...)]`, or empty when the module is always compiled.
    pub cfg: String,
}

/// One method on `Client` and its request builder.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The spec's operationId (kept for `#[doc(alias)]` and tracing).
    pub operation_id: String,
    /// The method name on `Client`, e.g. `activate_user`.
    pub rust_name: String,
    /// Other names rustdoc search finds the method by (`#[doc(alias)]`): the operationId, and
    /// the spec's current operationId for a documented method Okta renamed; never the method's
    /// own name.
    pub doc_aliases: Vec<String>,
    /// Query parameters the method always sends (a documented variant of an operation, such as
    /// `tempPassword=true`).
    pub fixed_query: Vec<FixedQuery>,
    /// The request builder type, e.g. `ActivateUserBuilder`.
    pub builder_name: String,
    /// The API area (tag) module this operation is generated into, e.g. `user`.
    pub module: String,
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: String,
    /// The path template as written in the spec, e.g. `/api/v1/users/{userId}`.
    pub path: String,
    /// Expression building the request path with every parameter percent-encoded, e.g.
    /// `format!("/api/v1/users/{}", encode_path_segment(user_id))`.
    pub path_expr: String,
    /// Rustdoc lines (without the `///`).
    pub doc_lines: Vec<String>,
    /// Positional arguments of the `Client` method, in documented order: path parameters, then the body.
    pub positional: Vec<PositionalParam>,
    /// Optional parameters, set through builder methods.
    pub setters: Vec<SetterParam>,
    /// The setters the spec marks required, which the builder checks before sending
    /// (`Operation::REQUIRED`); `None` when there are none.
    pub required: Option<RequiredSetters>,
    /// How the body is sent, if there is one.
    pub body: Option<Body>,
    /// The operation's JSON body type, which its builder borrows and serializes when sent (so an
    /// application compiles serialization only for the operations it calls), e.g.
    /// `crate::models::User` or `[crate::models::Group]`; `crate::operation::NoBody` without one.
    pub body_type: String,
    /// What a successful response carries.
    pub response: Response,
    /// What `send()` returns inside `Result`, e.g. `crate::models::User` or `Page<...>` or `()`.
    pub output_type: String,
    /// The marker type naming the operation, e.g. `ActivateUserOperation`; the builder is
    /// `RequestBuilder<'a, ActivateUserOperation>`.
    pub marker_name: String,
    /// How the runtime reads a success reply, e.g. `crate::operation::JsonReply<crate::models::User>`.
    pub reply_type: String,
    /// For list operations, the item type `stream()` yields.
    pub stream_item: Option<String>,
    /// Every model its parameters, body and response mention (directly), for feature gating.
    pub models: Vec<String>,
}

/// The required setters of an operation, by where they go on the wire.
#[derive(Debug, Clone, Serialize)]
pub struct RequiredSetters {
    /// Required query parameters.
    pub query: Vec<RequiredSetter>,
    /// Required headers.
    pub headers: Vec<RequiredSetter>,
}

/// One required setter.
#[derive(Debug, Clone, Serialize)]
pub struct RequiredSetter {
    /// The parameter's name on the wire, e.g. `search`.
    pub wire_name: String,
    /// The setter's name, e.g. `type_`.
    pub setter: String,
}

/// A query parameter an operation always sends.
#[derive(Debug, Clone, Serialize)]
pub struct FixedQuery {
    /// Its name, e.g. `tempPassword`.
    pub name: String,
    /// Its value, e.g. `true`.
    pub value: String,
}

/// A positional argument of a `Client` method.
#[derive(Debug, Clone, Serialize)]
pub struct PositionalParam {
    /// Name in the spec (path parameter name, or the body's documented name such as `user`).
    pub wire_name: String,
    /// Rust argument name.
    pub rust_name: String,
    /// Argument type as written in the method signature, e.g. `&str` or `&'a crate::models::User`.
    pub arg_type: String,
    /// Whether this is a path parameter (`true`) or the request body (`false`).
    pub is_path: bool,
    /// The Rust type of the parameter as the surface lists it (`String`, `User`, `Vec<u8>`).
    pub display_type: String,
}

/// Where an optional parameter goes on the wire.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
}

/// An optional parameter, set with a builder method.
#[derive(Debug, Clone, Serialize)]
pub struct SetterParam {
    /// Name on the wire, e.g. `sendEmail`.
    pub wire_name: String,
    /// Setter and field name, e.g. `send_email`.
    pub rust_name: String,
    /// The parameter's Rust type as the surface lists it, e.g. `bool`, `String`.
    pub rust_type: String,
    /// Setter argument type, e.g. `bool` or `impl Into<String>`.
    pub arg_type: String,
    /// Expression turning the setter argument `value` into what is sent (`impl Display`), e.g.
    /// `value.into()` or a comma-joined list.
    pub wire_value: String,
    /// Query string or header.
    pub location: ParamLocation,
    /// Whether the spec marks the parameter required (it stays a setter, as in Okta's SDKs).
    pub required: bool,
    /// Rustdoc lines for the setter.
    pub doc_lines: Vec<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// Serialized as JSON from the positional argument `arg`.
    Json {
        /// The positional argument holding the body.
        arg: String,
        /// The `Content-Type` when it is not `application/json` (`application/merge-patch+json`).
        content_type: Option<String>,
    },
    /// A `multipart/form-data` upload of one file (a logo or an image).
    Multipart {
        /// The form field holding the file, e.g. `file`.
        field: String,
        /// The positional argument holding the file's name.
        name_arg: String,
        /// The positional argument holding the file's bytes.
        file_arg: String,
    },
    /// Sent as raw bytes with a fixed content type (Okta's multi-operation certificate uploads).
    Raw {
        /// The positional argument holding the body.
        arg: String,
        /// The `Content-Type` sent, e.g. `application/x-pem-file`.
        content_type: String,
        /// Whether the body is base64 text (`Content-Transfer-Encoding: base64`).
        base64: bool,
        /// Expression turning the stored argument into `Vec<u8>`.
        to_bytes: String,
    },
}

/// What a successful response carries.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// No body worth decoding.
    Empty,
    /// One JSON value of `rust_type`.
    Json {
        /// The decoded type.
        rust_type: String,
    },
    /// A JSON array of `item_type`, paginated with `Link: rel="next"`.
    List {
        /// The item type.
        item_type: String,
    },
    /// A reply that is not JSON, read as text (`text/xml`).
    Text {
        /// The media type asked for (`Accept`), e.g. `text/xml`.
        media_type: String,
    },
    /// A reply that is not JSON, read as bytes (`application/pkcs10`).
    Bytes {
        /// The media type asked for (`Accept`), e.g. `text/xml`.
        media_type: String,
    },
}

/// A generated model type.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Rust type name.
    pub rust_name: String,
    /// The schema name in the spec (or the path of an inline schema, e.g. `User.status`).
    pub wire_name: String,
    /// The API area (tag) module it is generated into.
    pub module: String,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// Methods that call an operation on this value (`user.deactivate(&client)`), from the spec's
    /// `x-okta-operations` and `x-okta-crud`.
    pub instance_methods: Vec<InstanceMethod>,
    /// Every other model this one mentions (fields, variants, fallback, aliased type).
    pub references: Vec<String>,
    /// The `#[cfg(...)]` attribute compiling it in only with a feature that needs it; empty for
    /// a model no API area needs, which is always compiled.
    pub cfg: String,
}

/// A method on a model that calls a `Client` operation with arguments taken from the value.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceMethod {
    /// Method name, e.g. `deactivate`.
    pub rust_name: String,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
    /// Parameters after `client`, as `name: Type` strings.
    pub params: Vec<String>,
    /// The `Client` method called, e.g. `deactivate_user`.
    pub operation: String,
    /// The builder type returned, as a path, e.g. `crate::apis::user::DeactivateUserBuilder`.
    pub builder_path: String,
    /// Argument expressions of the `Client` call, in order.
    pub args: Vec<String>,
    /// The `#[cfg(feature = ...)]` of the API area the called operation belongs to.
    pub cfg: String,
}

/// The shape of a model.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    /// A struct with named fields and a map keeping the fields the spec does not list.
    Struct {
        /// Fields in spec order, parents' fields first.
        fields: Vec<Field>,
        /// Whether the spec marks it `x-okta-extensible` (custom attributes get accessors).
        extensible: bool,
    },
    /// A forward-compatible string enum.
    Enum {
        /// Known values in spec order.
        variants: Vec<Variant>,
    },
    /// A schema with a discriminator: an enum over its subtypes, falling back to its own fields.
    Polymorphic(Box<Polymorphic>),
    /// A `oneOf` or `anyOf` without a discriminator: an enum over the alternatives, decoded as
    /// the first one whose JSON shape fits best, falling back to the raw JSON.
    OneOf {
        /// One variant per alternative, in spec order.
        variants: Vec<OneOfVariant>,
    },
    /// A type alias for a schema that is neither an object nor an enum.
    Alias {
        /// The aliased type.
        rust_type: String,
    },
}

/// A schema whose subtypes are chosen by a discriminator property.
#[derive(Debug, Clone, Serialize)]
pub struct Polymorphic {
    /// The discriminator property's JSON name, e.g. `signOnMode`.
    pub discriminator: String,
    /// One variant per subtype.
    pub variants: Vec<PolyVariant>,
    /// The struct holding the base schema's own fields, used for unknown or missing values.
    pub fallback: String,
    /// Fields every variant has with the same type, readable through accessor methods.
    pub shared_fields: Vec<SharedField>,
    /// Every type convertible into this one with `From`, and how.
    pub conversions: Vec<Conversion>,
}

/// One subtype of a polymorphic model.
#[derive(Debug, Clone, Serialize)]
pub struct PolyVariant {
    /// Variant name, e.g. `OpenIdConnect`.
    pub rust_name: String,
    /// The subtype's Rust type name, e.g. `OpenIdConnectApplication`.
    pub model: String,
    /// Discriminator values selecting it, e.g. `SAML_1_1` and `SAML_2_0`.
    pub wire_values: Vec<String>,
    /// Rustdoc line naming the values.
    pub doc: String,
    /// Fields written when the subtype leaves them unset, as (wire name, value):
    /// the discriminator when exactly one value selects the subtype (not for SAML 1.1 / 2.0),
    /// and the fields its `x-okta-defined-as` fixes (`name: oidc_client`).
    pub implied: Vec<ImpliedField>,
    /// Whether the subtype is itself polymorphic (its shared fields are methods, not fields).
    pub nested: bool,
}

/// A field a subtype always has the same value for.
#[derive(Debug, Clone, Serialize)]
pub struct ImpliedField {
    /// The field's wire name, e.g. `signOnMode`.
    pub name: String,
    /// Its value, e.g. `SAML_2_0`.
    pub value: String,
}

/// One alternative of a [`ModelKind::OneOf`].
#[derive(Debug, Clone, Serialize)]
pub struct OneOfVariant {
    /// Variant name, e.g. `String` or `OAuth2ClientJsonWebKeyRsaRequest`.
    pub rust_name: String,
    /// The type it holds, boxed when it is a model, e.g. `Box<crate::models::User>`.
    pub rust_type: String,
    /// Whether the value is boxed (models are; scalars and collections are not).
    pub boxed: bool,
    /// The `model_support::JsonKind` variant it accepts: `Object`, `Array`, `String`, `Number`,
    /// `Integer`, `Boolean` or `Any`.
    pub json_kind: String,
    /// For an object alternative with known fields, their wire names: among several object
    /// alternatives, the one whose fields a value uses most is chosen.
    pub field_names: Vec<String>,
}

/// A field readable on every variant of a polymorphic model.
#[derive(Debug, Clone, Serialize)]
pub struct SharedField {
    /// Field name in every variant.
    pub rust_name: String,
    /// Accessor method name: the field name, unless an instance method took it.
    pub accessor: String,
    /// The type inside the field's `Option`.
    pub inner_type: String,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
}

/// `impl From<source> for Polymorphic`.
#[derive(Debug, Clone, Serialize)]
pub struct Conversion {
    /// The type converted from.
    pub source: String,
    /// Expression building the value from `value`, e.g. `Self::Saml(Box::new(value))`.
    pub expr: String,
}

/// A struct field.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Name in JSON.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Full Rust type including the `Option`, e.g. `Option<String>`.
    pub rust_type: String,
    /// The model this field names directly (not inside a `Vec` or map), used to box recursion.
    pub direct_model: Option<String>,
    /// The `model_support::StructWriter` method that writes it: `field`, `read_only`,
    /// `timestamp` (date-times go back with milliseconds, as Okta writes them) or
    /// `read_only_timestamp`.
    pub write_method: String,
    /// Whether the spec marks it `readOnly`.
    pub read_only: bool,
    /// Whether the schema lists it in `required` (the Rust type stays an `Option`, so replies
    /// missing it still decode; the flag is for docs and the change report).
    pub required: bool,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
}

/// A known value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub wire_value: String,
    /// Rustdoc lines from the spec's `x-enumDescriptions` (empty: none).
    pub doc_lines: Vec<String>,
}
