//! One small spec per construct, its generated files snapshotted with insta.

use crate::root;

/// What the generator makes of `tests/fixtures/specs/{name}.yaml`.
fn generated_fixture(name: &str) -> okta_sdk_generator::Generated {
    let spec_name = format!("tests/fixtures/specs/{name}.yaml");
    okta_sdk_generator::generate_from_file(&root().join(&spec_name), &spec_name)
        .unwrap_or_else(|e| panic!("{name} fixture failed: {e}"))
}

fn generate_fixture(name: &str) -> String {
    let generated = generated_fixture(name);
    let mut out = String::new();
    for warning in &generated.warnings {
        out.push_str(&format!("// warning: {warning}\n"));
    }
    for (path, text) in &generated.files {
        out.push_str(&format!("// ===== {path} =====\n{text}\n"));
    }
    out
}

#[test]
fn multi_operation() {
    insta::assert_snapshot!(generate_fixture("multi_operation"));
}

#[test]
fn discriminator() {
    insta::assert_snapshot!(generate_fixture("discriminator"));
}

#[test]
fn parent_child() {
    insta::assert_snapshot!(generate_fixture("parent_child"));
}

#[test]
fn enums() {
    insta::assert_snapshot!(generate_fixture("enums"));
}

#[test]
fn cursed_names() {
    insta::assert_snapshot!(generate_fixture("cursed_names"));
}

#[test]
fn pagination() {
    insta::assert_snapshot!(generate_fixture("pagination"));
}

#[test]
fn composition() {
    insta::assert_snapshot!(generate_fixture("composition"));
}

/// Required query and header setters are listed in the marker's `Operation::REQUIRED`, which
/// the builder checks before sending; an operation without any keeps the default.
#[test]
fn required_parameters() {
    insta::assert_snapshot!(generate_fixture("required_parameters"));
}

/// An `application/x-www-form-urlencoded` body (the OAuth 2.0 endpoints': `/token`,
/// `/revoke`, ...) is its schema's model, sent as a form (`.form_encoded()`), not bytes the
/// caller encodes; a charset parameter does not change that.
#[test]
fn form_body() {
    insta::assert_snapshot!(generate_fixture("form_body"));
}

#[test]
fn form_bodies_are_typed_models_sent_form_encoded() {
    let generated = generated_fixture("form_body");
    for (id, ty) in [
        ("exchangeCode", "CodeExchange"),
        ("forgetToken", "ForgetTokenBody"),
    ] {
        match &operation(&generated, id).body {
            Some(okta_sdk_generator::ir::Body::Form { ty: body, .. }) => {
                assert_eq!(
                    *body,
                    okta_sdk_generator::ir::Ty::Named(ty.to_string()),
                    "{id}"
                )
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    let api = api_file_with(&generated, "fn exchange_code");
    assert!(api.contains(".form_encoded()"), "{api}");
    assert!(
        api.contains("code_exchange: &'a crate::models::CodeExchange"),
        "{api}"
    );
    assert!(!api.contains("raw_body"), "{api}");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn instance_operations() {
    insta::assert_snapshot!(generate_fixture("instance_operations"));
}

#[test]
fn inherited_inline_types_are_the_parents_not_copies_per_child() {
    let generated = generated_fixture("parent_child");
    let models = &generated.api.models;
    let names: Vec<&str> = models.iter().map(|m| m.rust_name.as_str()).collect();
    for parents in [
        "PolicyRuleStatus",
        "PolicyRuleSchedule",
        "PolicyRuleScheduleDaysItem",
    ] {
        assert!(names.contains(&parents), "{parents} missing from {names:?}");
    }
    assert!(
        !names.iter().any(|n| n.starts_with("OktaSignOnPolicyRuleS")),
        "a child copied an inherited inline type: {names:?}"
    );
    let field_type = |model: &str, field: &str| {
        let model = models.iter().find(|m| m.rust_name == model).unwrap();
        let okta_sdk_generator::ir::ModelKind::Struct { fields, .. } = &model.kind else {
            panic!("{model:?} is not a struct");
        };
        fields
            .iter()
            .find(|f| f.wire_name == field)
            .map(|f| f.ty.clone())
            .unwrap()
    };
    for field in ["status", "schedule"] {
        assert_eq!(
            field_type("OktaSignOnPolicyRule", field),
            field_type("PolicyRule", field),
            "{field}"
        );
    }
}

/// Parameter enums are named for what defines them, never numbered: a shared parameter after
/// its key (one type for every operation using it), an operation's own parameter after the
/// operation, a path item's parameter after its first operation (one type for all of them), and
/// an inline enum listing a schema's values is that schema.
#[test]
fn parameter_enums_are_named_for_what_defines_them() {
    let generated = generated_fixture("parameter_types");
    let mut names: Vec<&str> = generated
        .api
        .models
        .iter()
        .map(|m| m.rust_name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "InlineHookType",
            "ListDevicesExpand",
            "ListLogEventsExpand",
            "ListTokensSortOrder",
            "WellKnownUriPath",
        ]
    );
    let param_type = |operation_id: &str, wire_name: &str| {
        let op = operation(&generated, operation_id);
        let positional = op.positional.iter().find(|p| p.wire_name == wire_name);
        let setter = op.setters.iter().find(|s| s.wire_name == wire_name);
        let ty = positional.map(|p| &p.ty).or(setter.map(|s| &s.ty)).unwrap();
        okta_sdk_generator::view::spell(ty, okta_sdk_generator::view::Spelling::Surface)
    };
    assert_eq!(param_type("getWellKnownUri", "path"), "WellKnownUriPath");
    assert_eq!(
        param_type("replaceWellKnownUri", "path"),
        "WellKnownUriPath"
    );
    assert_eq!(
        param_type("uploadToken", "sortOrder"),
        "ListTokensSortOrder"
    );
    assert_eq!(param_type("listInlineHooks", "type"), "InlineHookType");
    // The parameter documents the enum made for it, whose inline schema says nothing.
    let path_enum = generated
        .api
        .models
        .iter()
        .find(|m| m.rust_name == "WellKnownUriPath")
        .unwrap();
    assert_eq!(
        path_enum.doc_lines,
        [
            "The path of the well-known URI",
            "",
            "The values of the `path` path parameter."
        ]
    );
    // A path parameter named `path` keeps its name: only setters avoid the builder's members.
    let get = operation(&generated, "getWellKnownUri");
    assert!(get.positional.iter().any(|p| p.rust_name == "path"));
}

/// A JSON body or reply declared with media type parameters is sent or asked for (`Accept`)
/// with them (Okta's MyAccount API wants `okta-version`); only plain `application/json` is left
/// to the default.
#[test]
fn json_media_type_parameters_are_sent_as_declared() {
    let spec = r#"
openapi: 3.0.3
info: {title: media types, version: "1"}
paths:
  /idp/myaccount/phones:
    post:
      operationId: createPhone
      requestBody:
        content:
          application/json;okta-version=1.0.0:
            schema: {type: object, properties: {number: {type: string}}}
      responses:
        '201':
          description: created
          content:
            application/json;okta-version=1.0.0:
              schema: {type: object, properties: {id: {type: string}}}
  /idp/myaccount/emails:
    post:
      operationId: createEmail
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {email: {type: string}}}
      responses: {'204': {description: done}}
"#;
    let generated = okta_sdk_generator::generate(spec, "media.yaml").unwrap();
    let content_type = |id: &str| {
        let op = operation(&generated, id);
        match &op.body {
            Some(okta_sdk_generator::ir::Body::Json { content_type, .. }) => content_type.clone(),
            other => panic!("{id}: {other:?}"),
        }
    };
    assert_eq!(
        content_type("createPhone").as_deref(),
        Some("application/json;okta-version=1.0.0")
    );
    assert_eq!(content_type("createEmail"), None);
    let accept = |id: &str| {
        let op = operation(&generated, id);
        match &op.response {
            okta_sdk_generator::ir::Response::Json { media_type, .. } => media_type.clone(),
            other => panic!("{id}: {other:?}"),
        }
    };
    assert_eq!(
        accept("createPhone").as_deref(),
        Some("application/json;okta-version=1.0.0")
    );
    let api = api_file_with(&generated, "fn create_phone");
    assert!(
        api.contains(r#".accept("application/json;okta-version=1.0.0")"#),
        "{api}"
    );
}

/// A body's media type whose parameter follows a comma instead of a semicolon
/// (`application/json, okta-version=1.0.0`, as Okta's MyAccount spec declares one) is still a
/// JSON body of its schema, sent with the parameter after a semicolon, with a warning.
#[test]
fn media_type_parameter_after_a_comma_is_sent_after_a_semicolon() {
    let spec = r#"
openapi: 3.0.3
info: {title: media types, version: "1"}
paths:
  /idp/myaccount/devices:
    post:
      operationId: enrollDevice
      requestBody:
        content:
          application/json, okta-version=1.0.0:
            schema: {$ref: '#/components/schemas/Device'}
      responses: {'204': {description: done}}
components:
  schemas:
    Device:
      type: object
      properties: {name: {type: string}}
"#;
    let generated = okta_sdk_generator::generate(spec, "media.yaml").unwrap();
    let op = operation(&generated, "enrollDevice");
    match &op.body {
        Some(okta_sdk_generator::ir::Body::Json {
            ty, content_type, ..
        }) => {
            assert_eq!(*ty, okta_sdk_generator::ir::Ty::Named("Device".to_string()));
            assert_eq!(
                content_type.as_deref(),
                Some("application/json;okta-version=1.0.0")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.to_string().contains("separates a parameter with a comma")),
        "{:?}",
        generated.warnings
    );
}

/// A success reply declaring a JSON media type without a schema
/// (`application/json;okta-version=1.0.0: {}`, as Okta's MyAccount 204s do) has no body to
/// decode: the method gives `()`, not the bytes of an empty reply, and still asks for the
/// declared media type (the MyAccount API wants `okta-version` in `Accept`).
#[test]
fn json_reply_without_a_schema_is_empty_and_asked_for_as_declared() {
    let spec = r#"
openapi: 3.0.3
info: {title: media types, version: "1"}
paths:
  /idp/myaccount/phones/{id}:
    delete:
      operationId: deletePhone
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204':
          description: No Content
          content:
            application/json;okta-version=1.0.0: {}
"#;
    let generated = okta_sdk_generator::generate(spec, "media.yaml").unwrap();
    let op = operation(&generated, "deletePhone");
    match &op.response {
        okta_sdk_generator::ir::Response::Empty { media_type } => assert_eq!(
            media_type.as_deref(),
            Some("application/json;okta-version=1.0.0")
        ),
        other => panic!("{other:?}"),
    }
    let api = api_file_with(&generated, "fn delete_phone");
    assert!(
        api.contains(r#".accept("application/json;okta-version=1.0.0")"#),
        "{api}"
    );
    assert!(api.contains("crate::operation::EmptyReply"), "{api}");
}

/// An inline object under a property named after a keyword (`_links.self`, as Okta's MyAccount
/// schemas have) names its type without the keyword's escape: `ThingLinksSelf` and
/// `ThingLinksSelfHints` (UpperCamelCase), not `ThingLinksSelf_Hints`, which rustc warns about.
#[test]
fn inline_types_under_a_keyword_property_are_upper_camel_case() {
    let spec = r#"
openapi: 3.0.3
info: {title: names, version: "1"}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        _links:
          type: object
          properties:
            self:
              type: object
              properties:
                href: {type: string}
                hints:
                  type: object
                  properties:
                    allow: {type: array, items: {type: string}}
"#;
    let generated = okta_sdk_generator::generate(spec, "names.yaml").unwrap();
    let names: Vec<&str> = generated
        .api
        .models
        .iter()
        .map(|m| m.rust_name.as_str())
        .collect();
    assert!(names.contains(&"ThingLinksSelf"), "{names:?}");
    assert!(names.contains(&"ThingLinksSelfHints"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains('_')), "{names:?}");
}

/// An operation whose success replies declare no content asks for the JSON media type its error
/// replies are declared in, parameters and all (`DELETE /idp/myaccount/sessions` in Okta's
/// MyAccount API, which wants `okta-version` in `Accept`); plain `application/json` is left to
/// the default.
#[test]
fn bodiless_reply_asks_for_the_error_replies_media_type() {
    let spec = r#"
openapi: 3.0.3
info: {title: media types, version: "1"}
paths:
  /idp/myaccount/sessions:
    delete:
      operationId: deleteSessions
      responses:
        '204': {description: No Content}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /api/v1/sessions:
    delete:
      operationId: deleteAllSessions
      responses:
        '204': {description: No Content}
        '404':
          description: Not Found
          content:
            application/json:
              schema: {type: object}
components:
  responses:
    Unauthorized:
      description: Unauthorized
      content:
        application/json;okta-version=1.0.0:
          schema: {type: object}
"#;
    let generated = okta_sdk_generator::generate(spec, "media.yaml").unwrap();
    let accept = |id: &str| {
        let op = operation(&generated, id);
        match &op.response {
            okta_sdk_generator::ir::Response::Empty { media_type } => media_type.clone(),
            other => panic!("{id}: {other:?}"),
        }
    };
    assert_eq!(
        accept("deleteSessions").as_deref(),
        Some("application/json;okta-version=1.0.0")
    );
    assert_eq!(accept("deleteAllSessions"), None);
}

/// The operation of `generated` with this operationId (or documented name).
fn operation<'a>(
    generated: &'a okta_sdk_generator::Generated,
    id: &str,
) -> &'a okta_sdk_generator::ir::Operation {
    generated
        .api
        .operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

/// The generated `apis` file of `generated` holding `item` (`fn create_phone`).
fn api_file_with<'a>(generated: &'a okta_sdk_generator::Generated, item: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|(path, text)| path.starts_with("src/apis/") && text.contains(item))
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no apis file has {item}"))
}

/// Two schema keys that make one Rust name (Okta's spec has `TempPassword` and `tempPassword`):
/// the key spelled as the name keeps it whatever the keys' order, and the other one's numbered
/// name is a warning located at its schema.
#[test]
fn colliding_schema_names_do_not_depend_on_spec_order() {
    let spec = r##"
openapi: 3.0.3
info: {title: collisions, version: "1"}
paths:
  /api/v1/users/{id}/lifecycle/expire_password_with_temp_password:
    post:
      operationId: expirePasswordWithTempPassword
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/tempPassword"}
components:
  schemas:
    tempPassword:
      type: object
      properties:
        tempPassword: {type: string, readOnly: true}
    TempPassword:
      type: object
      properties:
        tempPassword: {type: string}
"##;
    let generated = okta_sdk_generator::generate(spec, "collisions.yaml").unwrap();
    let name_of = |wire_name: &str| {
        let model = generated
            .api
            .models
            .iter()
            .find(|m| m.wire_name == wire_name);
        model.map(|m| m.rust_name.clone()).unwrap()
    };
    assert_eq!(name_of("TempPassword"), "TempPassword");
    assert_eq!(name_of("tempPassword"), "TempPassword2");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/tempPassword: its Rust name `TempPassword` is taken by another schema: it is `TempPassword2`"
        ]
    );
}

/// Setters keep clear of the arguments and the builder's own methods, not of the generated
/// method's local `request` binding: a query parameter named `request` (Okta's OAuth
/// `/authorize` has one) is `.request(..)`, not `.request_2(..)`.
#[test]
fn a_query_parameter_named_request_keeps_its_name() {
    let generated = generated_fixture("cursed_names");
    let setters: Vec<&str> = operation(&generated, "getThing")
        .setters
        .iter()
        .map(|s| s.rust_name.as_str())
        .collect();
    assert_eq!(
        setters,
        ["self_", "client_2", "path_2", "request", "x_forwarded_for"]
    );
}

/// An operation whose security requirements are an empty list (`security: []`, Okta's
/// `/.well-known/` documents) is sent without the client's credential, and says so in its docs;
/// one without any written requirement, or with one, still carries it.
#[test]
fn operations_with_empty_security_go_without_credentials() {
    let spec = r##"
openapi: 3.0.3
info: {title: security, version: "1"}
security:
  - apiToken: []
paths:
  /.well-known/okta-organization:
    get:
      operationId: getWellknownOrgMetadata
      security: []
      responses:
        "200": {description: ok}
  /api/v1/org:
    get:
      operationId: getOrgSettings
      responses:
        "200": {description: ok}
  /api/v1/dr/status:
    get:
      operationId: getDRStatus
      security:
        - oauth2: [okta.dr.read]
      responses:
        "200": {description: ok}
components:
  securitySchemes:
    apiToken: {type: apiKey, in: header, name: Authorization}
"##;
    let generated = okta_sdk_generator::generate(spec, "security.yaml").unwrap();
    let authenticated = |id: &str| operation(&generated, id).authenticated;
    assert!(!authenticated("getWellknownOrgMetadata"));
    assert!(authenticated("getOrgSettings"));
    assert!(authenticated("getDRStatus"));
    let text = api_file_with(&generated, "fn get_wellknown_org_metadata");
    assert_eq!(text.matches(".without_credentials()").count(), 1, "{text}");
    assert!(
        text.contains("/// Sent without the client's credential: the API takes none for it"),
        "{text}"
    );
}
