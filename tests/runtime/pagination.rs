//! Pagination: items across pages by following `Link: rel="next"` exactly, page-level access.

use futures_util::{StreamExt as _, TryStreamExt as _};
use okta_sdk::{Error, Method, Page};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, received};

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
}

/// Mounts three pages of `/api/v1/users`: the first is `?limit=2`; the next links are absolute
/// and carry an opaque, percent-encoded cursor that must be sent back exactly.
async fn three_pages(server: &MockServer) -> [String; 2] {
    let uri = server.uri();
    let next1 = format!("{uri}/api/v1/users?after=00u2%2Fcur%3Dsor&limit=2");
    let next2 = format!("{uri}/api/v1/users?limit=2&after=00u4");
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("limit", "2"))
        .and(query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "00u1"}, {"id": "00u2"}]))
                .append_header(
                    "Link",
                    format!("<{uri}/api/v1/users?limit=2>; rel=\"self\"").as_str(),
                )
                .append_header("Link", format!("<{next1}>; rel=\"next\"").as_str())
                .insert_header("X-Rate-Limit-Remaining", "599")
                .insert_header("X-Rate-Limit-Limit", "600")
                .insert_header("X-Okta-Request-Id", "page-1"),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("after", "00u2/cur=sor"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "00u3"}, {"id": "00u4"}]))
                // self and next in one header, comma-separated.
                .insert_header(
                    "Link",
                    format!("<{next1}>; rel=\"self\", <{next2}>; rel=\"next\"").as_str(),
                ),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("after", "00u4"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "00u5"}]))
                .insert_header("Link", format!("<{next2}>; rel=\"self\"").as_str()),
        )
        .expect(1)
        .mount(server)
        .await;
    [next1, next2]
}

#[tokio::test]
async fn stream_follows_next_links_exactly_across_three_pages() {
    let server = MockServer::start().await;
    let [next1, next2] = three_pages(&server).await;
    let client = support::client(&server);
    let ids: Vec<String> = client
        .request(Method::GET, "/api/v1/users")
        .query("limit", 2)
        .stream::<Item>()
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["00u1", "00u2", "00u3", "00u4", "00u5"]);
    // The request targets as they arrived (wiremock reports them relative to `localhost`).
    let targets: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or_default()))
        .collect();
    let uri = server.uri();
    assert_eq!(
        targets,
        [
            "/api/v1/users?limit=2",
            next1.trim_start_matches(&uri),
            next2.trim_start_matches(&uri)
        ]
    );
    // Every page carries the credentials.
    for request in received(&server).await {
        assert_eq!(
            support::header(&request, "authorization"),
            Some("SSWS test-api-token-0123")
        );
    }
}

#[tokio::test]
async fn stream_is_lazy() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "a"}, {"id": "b"}]))
                .insert_header(
                    "Link",
                    format!("<{uri}/api/v1/users?after=b>; rel=\"next\"").as_str(),
                ),
        )
        .mount(&server)
        .await;
    let client = support::client(&server);
    let mut stream = Box::pin(
        client
            .request(Method::GET, "/api/v1/users")
            .stream::<Item>(),
    );
    assert_eq!(stream.next().await.unwrap().unwrap().id, "a");
    assert_eq!(stream.next().await.unwrap().unwrap().id, "b");
    assert_eq!(
        received(&server).await.len(),
        1,
        "page 2 is fetched only when needed"
    );
    // Page 2 names itself as next again: its items come, then the stream stops instead of
    // looping forever.
    assert_eq!(stream.next().await.unwrap().unwrap().id, "a");
    assert_eq!(stream.next().await.unwrap().unwrap().id, "b");
    let repeated = stream.next().await;
    assert!(
        matches!(repeated, Some(Err(Error::InvalidRequest(_)))),
        "{repeated:?}"
    );
    assert!(stream.next().await.is_none());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn pages_expose_items_links_and_headers() {
    let server = MockServer::start().await;
    let [next1, _] = three_pages(&server).await;
    let client = support::client(&server);
    let page: Page<Item> = client
        .request(Method::GET, "/api/v1/users")
        .query("limit", 2)
        .send_page()
        .await
        .unwrap();
    assert_eq!(page.items().len(), 2);
    assert_eq!(page.next_link(), Some(next1.as_str()));
    assert!(page.has_next());
    assert_eq!(page.rate_limit_remaining(), Some(599));
    assert_eq!(page.rate_limit_limit(), Some(600));
    assert_eq!(page.request_id(), Some("page-1"));
    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(page.headers().get_all("link").iter().count(), 2);

    let second = page.next_page().await.unwrap().expect("page 2");
    assert_eq!(
        second.items(),
        [Item { id: "00u3".into() }, Item { id: "00u4".into() }]
    );
    let third = second.next_page().await.unwrap().expect("page 3");
    assert!(!third.has_next());
    assert!(third.next_page().await.unwrap().is_none());
    assert_eq!(third.into_items(), [Item { id: "00u5".into() }]);
}

#[tokio::test]
async fn stream_yields_the_error_then_ends() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "a"}]))
                .insert_header(
                    "Link",
                    format!("<{uri}/api/v1/users?after=a>; rel=\"next\"").as_str(),
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("after", "a"))
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({"errorCode": "E0000009", "errorSummary": "Internal Server Error"}),
        ))
        .mount(&server)
        .await;
    let results: Vec<Result<Item, Error>> = support::client(&server)
        .request(Method::GET, "/api/v1/users")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "a");
    assert_eq!(
        results[1].as_ref().unwrap_err().error_code(),
        Some("E0000009")
    );
}

#[tokio::test]
async fn next_links_to_another_origin_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "a"}]))
                .insert_header(
                    "Link",
                    "<https://evil.example/api/v1/users?after=a>; rel=\"next\"",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let results: Vec<Result<Item, Error>> = support::client(&server)
        .request(Method::GET, "/api/v1/users")
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(
        matches!(results[1], Err(Error::InvalidRequest(_))),
        "{:?}",
        results[1]
    );
}

#[tokio::test]
async fn relative_next_links_resolve_against_the_org() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "a"}]))
                .insert_header("Link", "</api/v1/users?after=a>; rel=\"next\""),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("after", "a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "b"}])))
        .mount(&server)
        .await;
    let ids: Vec<Item> = support::client(&server)
        .request(Method::GET, "/api/v1/users")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids.len(), 2);
}

/// Answers every GET with one item and a next link from `next(n)` for the n-th request.
struct Links<F>(std::sync::atomic::AtomicUsize, F);

impl<F: Fn(usize) -> String + Send + Sync> wiremock::Respond for Links<F> {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        ResponseTemplate::new(200)
            .insert_header("Link", format!("<{}>; rel=\"next\"", (self.1)(n)).as_str())
            .set_body_json(json!([{"id": n.to_string()}]))
    }
}

/// Drains `stream`, with a hang guard: the items before the error, and the error.
async fn drain(
    stream: impl futures_util::Stream<Item = Result<Item, Error>>,
) -> (Vec<String>, Option<Error>) {
    let work = async {
        let mut stream = Box::pin(stream);
        let mut ids = Vec::new();
        while let Some(item) = stream.next().await {
            match item {
                Ok(item) => ids.push(item.id),
                Err(err) => {
                    assert!(
                        stream.next().await.is_none(),
                        "the stream ends after an error"
                    );
                    return (ids, Some(err));
                }
            }
        }
        (ids, None)
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), work)
        .await
        .expect("the stream never ended")
}

#[tokio::test]
async fn a_next_link_cycle_of_any_length_ends_the_stream() {
    for cycle in [2, 3, 5] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(Links(Default::default(), move |n| {
                format!("/api/v1/users?after=p{}", (n + 1) % cycle)
            }))
            .mount(&server)
            .await;
        let (ids, err) = drain(
            support::client(&server)
                .request(Method::GET, "/api/v1/users")
                .stream::<Item>(),
        )
        .await;
        let err = err.expect("a cycle is an error");
        assert!(err.to_string().contains("pagination loop"), "{err}");
        // The first page, then each page of the cycle once.
        assert_eq!(ids.len(), cycle + 1, "cycle of {cycle}: {ids:?}");
        assert_eq!(received(&server).await.len(), cycle + 1);
    }
}

#[tokio::test]
async fn more_pages_than_the_cap_end_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Links(Default::default(), |n| {
            format!("/api/v1/users?after={n}")
        }))
        .mount(&server)
        .await;
    let (ids, err) = drain(
        support::builder(&server)
            .max_pages(5)
            .build()
            .unwrap()
            .request(Method::GET, "/api/v1/users")
            .stream::<Item>(),
    )
    .await;
    let err = err.expect("the cap is an error");
    assert!(err.to_string().contains("more than 5 pages"), "{err}");
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
    assert_eq!(received(&server).await.len(), 5);
}
