//! Broken specs fail with every problem listed, each with its place in the spec.

fn problems_of(spec: &str) -> String {
    match okta_sdk_generator::generate(spec, "broken.yaml") {
        Ok(_) => panic!("the broken spec generated"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_problem_is_reported_with_its_pointer() {
    let spec = r##"
openapi: 3.0.0
info: {title: broken, version: "1"}
paths:
  /api/v1/users/{userId}:
    get:
      operationId: getUser
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
  /api/v1/groups:
    get:
      responses:
        "204": {description: ok}
components:
  schemas:
    User:
      properties:
        profile: {$ref: "#/components/schemas/NoSuchProfile"}
      x-okta-parent: "#/definitions/Ghost"
"##;
    let message = problems_of(spec);
    let expected = [
        "#/components/schemas/User/properties/profile: `$ref: #/components/schemas/NoSuchProfile` does not name a schema",
        "#/components/schemas/User/x-okta-parent: `$ref: #/definitions/Ghost` does not name a schema",
        "#/paths/~1api~1v1~1groups/get: operation has neither an `operationId` nor `x-okta-multi-operation`",
        "#/paths/~1api~1v1~1users~1{userId}/get: path placeholder `{userId}` has no path parameter",
        "#/paths/~1api~1v1~1users~1{userId}/get/responses/200/content/application~1json/schema: `$ref: #/components/schemas/Missing` does not name a schema",
    ];
    for line in expected {
        assert!(message.contains(line), "missing `{line}` in:\n{message}");
    }
    assert!(
        message.starts_with("5 problem(s) in the spec:"),
        "{message}"
    );
}

#[test]
fn swagger_2_gets_an_unsupported_version_error() {
    let message = problems_of("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
    assert!(
        message.contains("unsupported spec version swagger: 2.0"),
        "{message}"
    );
}

#[test]
fn a_malformed_multi_operation_is_a_problem_not_a_panic() {
    let spec = r#"
openapi: 3.0.0
info: {title: broken, version: "1"}
paths:
  /x:
    post:
      responses: {"204": {description: ok}}
      x-okta-multi-operation: "not a list"
"#;
    let message = problems_of(spec);
    assert!(
        message.contains("#/paths/~1x/post/x-okta-multi-operation: malformed"),
        "{message}"
    );
}
