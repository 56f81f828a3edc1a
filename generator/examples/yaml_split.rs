use std::time::Instant;
#[derive(serde::Deserialize)]
struct Part {
    components: openapiv3::Components,
}
fn main() {
    let text = std::fs::read_to_string("spec/okta-management-2026.06.3.yaml").unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // line index ranges (0-based) of components subsections
    let find = |pfx: &str| lines.iter().position(|l| l.starts_with(pfx)).unwrap();
    let comp = find("components:");
    let subs = [
        "  examples:",
        "  parameters:",
        "  requestBodies:",
        "  responses:",
        "  schemas:",
        "  securitySchemes:",
    ];
    let starts: Vec<usize> = subs.iter().map(|s| find(s)).collect();
    let end_comp = find("x-tagGroups:");
    let section = |i: usize| -> String {
        let e = if i + 1 < starts.len() {
            starts[i + 1]
        } else {
            end_comp
        };
        lines[starts[i]..e].concat()
    };
    for _ in 0..2 {
        let t = Instant::now();
        let whole: openapiv3::OpenAPI = serde_yaml::from_str(&text).unwrap();
        println!("whole {:?}", t.elapsed());
        for (i, name) in subs.iter().enumerate() {
            let b = format!("components:\n{}", section(i));
            let t = Instant::now();
            let p: Part = serde_yaml::from_str(&b).unwrap();
            println!("{name} {} bytes {:?}", b.len(), t.elapsed());
            drop(p);
        }
        // A without schemas
        for moved in [vec![4usize], vec![4, 0]] {
            let mut a = String::new();
            let mut b = String::from("components:\n");
            for (n, l) in lines.iter().enumerate() {
                let sec = starts
                    .iter()
                    .rposition(|&s| s <= n && n >= comp && n < end_comp);
                if sec.is_some_and(|s| moved.contains(&s)) {
                    b.push_str(l)
                } else {
                    a.push_str(l)
                }
            }
            let t = Instant::now();
            let mut pa: openapiv3::OpenAPI = serde_yaml::from_str(&a).unwrap();
            let ta = t.elapsed();
            let t = Instant::now();
            let pb: Part = serde_yaml::from_str(&b).unwrap();
            let tb = t.elapsed();
            let c = pa.components.as_mut().unwrap();
            c.schemas = pb.components.schemas;
            if moved.contains(&0) {
                c.examples = pb.components.examples;
            }
            println!(
                "moved {moved:?}: A {} bytes {ta:?}, B {} bytes {tb:?}, equal {}",
                a.len(),
                b.len(),
                pa == whole
            );
        }
    }
}
