//! The intermediate representation: plain owned data describing the SDK to generate.
//!
//! Everything here is named after what it becomes in the generated crate. The IR is built by
//! [`crate::lower`] from the spec and is the only input of [`crate::render`]: templates never see
//! spec types. Every decision (names, types, wire names, boxing, feature gates, how each argument
//! is passed and each reply read) is already taken when a value of these types exists, so the
//! view only spells it and templates stay loops and field access.
//!
//! The IR holds no Rust source text: wire names and media types are the plain strings of the
//! wire, types are [`Ty`], kinds are enums. [`crate::view`] writes the Rust text from them.

/// The whole SDK surface derived from one spec.
#[derive(Debug, Clone)]
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
    /// The model modules and the features compiling each in, sorted.
    pub model_modules: Vec<ModuleGate>,
    /// For each `apis` module, the `Client` method (by Rust name) its page shows as a usage
    /// example: one that needs no body and no required setter, a list when there is one.
    pub example_operations: std::collections::BTreeMap<String, String>,
}

/// A generated module and the features that need it.
#[derive(Debug, Clone)]
pub struct ModuleGate {
    /// Module name, e.g. `user`.
    pub name: String,
    /// The cargo features any of which compiles it in, sorted (empty: always compiled).
    pub features: Vec<String>,
}

/// One method on `Client` and its request builder.
#[derive(Debug, Clone)]
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
    /// The path template cut at its parameters, each placeholder replaced by the positional
    /// argument that fills it (percent-encoded when sent).
    pub path_segments: Vec<PathSegment>,
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
    /// What a successful response carries (and so what `send()` returns and how the runtime
    /// reads the reply).
    pub response: Response,
    /// The marker type naming the operation, e.g. `ActivateUserOperation`; the builder is
    /// `RequestBuilder<'a, ActivateUserOperation>`.
    pub marker_name: String,
    /// Every model its parameters, body and response mention (directly), for feature gating.
    pub models: Vec<String>,
    /// Whether the client's credential goes with the request: `false` for an operation the
    /// spec marks `security: []` (the `/.well-known/` documents).
    pub authenticated: bool,
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text as written in the template, e.g. `/api/v1/users/`.
    Literal(String),
    /// A path parameter: the Rust name of the positional argument holding it, e.g. `user_id`.
    Param(String),
}

/// The required setters of an operation, by where they go on the wire.
#[derive(Debug, Clone)]
pub struct RequiredSetters {
    /// Required query parameters.
    pub query: Vec<RequiredSetter>,
    /// Required headers.
    pub headers: Vec<RequiredSetter>,
}

/// One required setter.
#[derive(Debug, Clone)]
pub struct RequiredSetter {
    /// The parameter's name on the wire, e.g. `search`.
    pub wire_name: String,
    /// The setter's name, e.g. `type_`.
    pub setter: String,
}

/// A query parameter an operation always sends.
#[derive(Debug, Clone)]
pub struct FixedQuery {
    /// Its name, e.g. `tempPassword`.
    pub name: String,
    /// Its value, e.g. `true`.
    pub value: String,
}

/// A positional argument of a `Client` method.
#[derive(Debug, Clone)]
pub struct PositionalParam {
    /// Name in the spec (path parameter name, or the body's documented name such as `user`).
    pub wire_name: String,
    /// Rust argument name.
    pub rust_name: String,
    /// The parameter's type: the path segment's, the body's, or for an upload `String` (the
    /// file's name) and `Bytes` (its content).
    pub ty: Ty,
    /// What the argument is, which decides how it is passed.
    pub kind: PositionalKind,
}

/// What a positional argument of a `Client` method is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionalKind {
    /// A path parameter, passed by value (a string as `&str`).
    Path,
    /// The request body, borrowed for as long as the builder (`&'a T`), which sends it.
    Body,
    /// A part of a multipart upload (the file's name or bytes), borrowed only for the call,
    /// which copies it into the request.
    Upload,
}

/// Where an optional parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
}

/// An optional parameter, set with a builder method.
#[derive(Debug, Clone)]
pub struct SetterParam {
    /// Name on the wire, e.g. `sendEmail`.
    pub wire_name: String,
    /// Setter and field name, e.g. `send_email`.
    pub rust_name: String,
    /// The parameter's type; a list is sent comma-joined, a timestamp with milliseconds.
    pub ty: Ty,
    /// Query string or header.
    pub location: ParamLocation,
    /// Whether the spec marks the parameter required (it stays a setter, as in Okta's SDKs).
    pub required: bool,
    /// Rustdoc lines for the setter.
    pub doc_lines: Vec<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone)]
pub enum Body {
    /// Serialized as JSON from the positional argument `arg`.
    Json {
        /// The positional argument holding the body.
        arg: String,
        /// The body's type, which the builder borrows and serializes when sent (so an
        /// application compiles serialization only for the operations it calls).
        ty: Ty,
        /// The `Content-Type` when it is not `application/json` (`application/merge-patch+json`).
        content_type: Option<String>,
    },
    /// An `application/x-www-form-urlencoded` form of the positional argument `arg`'s fields
    /// (the OAuth 2.0 endpoints: `/token`, `/revoke`, ...): the model is written as for JSON
    /// and its top-level fields become the form's fields.
    Form {
        /// The positional argument holding the body.
        arg: String,
        /// The body's type, which the builder borrows and encodes when sent.
        ty: Ty,
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
        /// Whether the body is base64 text (`Content-Transfer-Encoding: base64`), passed as a
        /// string, rather than bytes.
        base64: bool,
    },
}

/// What a successful response carries.
#[derive(Debug, Clone)]
pub enum Response {
    /// No body worth decoding.
    Empty {
        /// The media type asked for (`Accept`) when it is not plain `application/json`: the JSON
        /// media type a success reply declares without a schema
        /// (`application/json;okta-version=1.0.0: {}`), else, if no success reply declares
        /// content, the error replies' one.
        media_type: Option<String>,
    },
    /// One JSON value of type `ty`.
    Json {
        /// The decoded type.
        ty: Ty,
        /// The media type asked for (`Accept`) when it is not plain `application/json`
        /// (`application/json;okta-version=1.0.0`).
        media_type: Option<String>,
    },
    /// A JSON array of `item`s, paginated with `Link: rel="next"`; `stream()` yields the items.
    List {
        /// The item type.
        item: Ty,
        /// As for [`Response::Json`].
        media_type: Option<String>,
    },
    /// A reply that is not JSON, read as text (`text/xml`).
    Text {
        /// The media type asked for (`Accept`), e.g. `text/xml`.
        media_type: String,
    },
    /// A reply that is not JSON, read as bytes (`application/pkcs10`).
    Bytes {
        /// The media type asked for (`Accept`), e.g. `application/pkcs10`.
        media_type: String,
    },
}

/// A generated model type.
#[derive(Debug, Clone)]
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
    /// The cargo features any of which compiles it in, sorted (empty: always compiled).
    pub features: Vec<String>,
}

/// A method on a model that calls a `Client` operation with arguments taken from the value.
#[derive(Debug, Clone)]
pub struct InstanceMethod {
    /// Method name, e.g. `deactivate`.
    pub rust_name: String,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
    /// Parameters after `client`: the called operation's positional parameters the value does
    /// not provide.
    pub params: Vec<PositionalParam>,
    /// The `Client` method called, e.g. `deactivate_user`.
    pub operation: String,
    /// The API area of the called operation: its `apis` module and the cargo feature
    /// compiling the method in, e.g. `user`.
    pub module: String,
    /// The builder type returned, from that module, e.g. `DeactivateUserBuilder`.
    pub builder: String,
    /// The arguments of the `Client` call, in order.
    pub args: Vec<CallArg>,
}

/// Where an instance method takes an argument of the `Client` call from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallArg {
    /// The method's own parameter of this Rust name.
    Param(String),
    /// The value itself (the request body).
    This,
    /// A string field of the struct, by Rust name; empty when unset (the runtime refuses empty
    /// path segments, so the call fails cleanly).
    Field(String),
    /// A string shared field of the polymorphic model, read through its accessor; empty when
    /// unset.
    SharedField(String),
}

/// The shape of a model.
#[derive(Debug, Clone)]
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
        ty: Ty,
    },
}

/// A schema whose subtypes are chosen by a discriminator property.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct ImpliedField {
    /// The field's wire name, e.g. `signOnMode`.
    pub name: String,
    /// Its value, e.g. `SAML_2_0`.
    pub value: String,
}

/// One alternative of a [`ModelKind::OneOf`].
#[derive(Debug, Clone)]
pub struct OneOfVariant {
    /// Variant name, e.g. `String` or `OAuth2ClientJsonWebKeyRsaRequest`.
    pub rust_name: String,
    /// The type it holds, [`Ty::Boxed`] when it is a model (scalars and collections are not).
    pub ty: Ty,
    /// The JSON kind it accepts.
    pub json_kind: JsonKind,
    /// For an object alternative with known fields, their wire names: among several object
    /// alternatives, the one whose fields a value uses most is chosen.
    pub field_names: Vec<String>,
}

/// The kind of JSON value an alternative of a [`ModelKind::OneOf`] accepts (the
/// `model_support::JsonKind` variant of the same name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Number,
    Integer,
    Boolean,
    /// Any value (an alternative without a type).
    Any,
}

/// A field readable on every variant of a polymorphic model.
#[derive(Debug, Clone)]
pub struct SharedField {
    /// Field name in every variant.
    pub rust_name: String,
    /// Accessor method name: the field name, unless an instance method took it.
    pub accessor: String,
    /// The type inside the field's `Option`.
    pub ty: Ty,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
}

/// `impl From<source> for Polymorphic`.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The model converted from.
    pub source: String,
    /// The variant holding it: a subtype's variant, or `Other` for the fallback struct.
    pub variant: String,
    /// For a subtype of a nested polymorphic subtype, that nested model: the source becomes it
    /// first (`Self::Oauth2(Box::new(Oauth2Factor::from(value)))`).
    pub through: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name in JSON.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// The type inside the field's `Option` (every field is one), [`Ty::Boxed`] where the
    /// field makes its model recursive.
    pub ty: Ty,
    /// Whether the spec marks it `readOnly` (it is left out of request bodies).
    pub read_only: bool,
    /// Whether it is a secret (`format: password`), which `Debug` does not show.
    pub sensitive: bool,
    /// Whether the schema lists it in `required` (the Rust type stays an `Option`, so replies
    /// missing it still decode; the flag is for docs and the change report).
    pub required: bool,
    /// Rustdoc lines.
    pub doc_lines: Vec<String>,
}

/// A known value of a string enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// Value on the wire.
    pub wire_value: String,
    /// Rustdoc lines from the spec's `x-enumDescriptions` (empty: none).
    pub doc_lines: Vec<String>,
}

/// A Rust type in structured form, so decisions such as boxing can look inside it; only
/// [`crate::view`] spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F64,
    DateTime,
    /// Any JSON value (a schema without a type).
    Json,
    /// A generated model, by Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A JSON object with arbitrary keys.
    Map(Box<Ty>),
    /// Raw bytes (`format: binary`).
    Bytes,
    /// A value held through a `Box`: a field that makes its model recursive, a model
    /// alternative of a `oneOf`.
    Boxed(Box<Ty>),
}

impl Ty {
    /// The scalar that a JSON Schema `type` and `format` name, as the spec writes them
    /// (`string` + `date-time` is a timestamp, `binary` raw bytes, `int32` an `i32`); `None`
    /// for a type that is not a scalar.
    pub fn scalar(json_type: &str, format: Option<&str>) -> Option<Ty> {
        Some(match (json_type, format) {
            ("boolean", _) => Ty::Bool,
            ("integer", Some("int32")) => Ty::I32,
            ("integer", _) => Ty::I64,
            ("number", _) => Ty::F64,
            ("string", Some("date-time")) => Ty::DateTime,
            ("string", Some("binary")) => Ty::Bytes,
            ("string", _) => Ty::String,
            _ => return None,
        })
    }

    /// Every model this type mentions, at any depth (`Vec<Map<User>>` mentions `User`).
    pub fn models(&self) -> Vec<String> {
        match self {
            Ty::Named(name) => vec![name.clone()],
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Boxed(inner) => inner.models(),
            _ => Vec::new(),
        }
    }

    /// The model this type names directly (not through a `Vec`, map or box), which matters for
    /// recursion: only direct references make a type infinitely sized.
    pub fn direct_model(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            _ => None,
        }
    }
}
