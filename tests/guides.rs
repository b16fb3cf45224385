//! The built-in roadmaps against the four guides they were written from (the seeds of issue
//! 20): every concrete step the guides name is a topic, every version-1 topic is still one,
//! the 90-day plan shares its ids with the main roadmap, and every resource link is https,
//! well formed, not repeated within its topic, and not at an address known to have moved.

use std::collections::{BTreeMap, BTreeSet};

const BACKEND: &str = include_str!("../roadmap/backend.toml");
const NINETY_DAYS: &str = include_str!("../roadmap/backend-90-days.toml");
const BACKEND_V1: &str = include_str!("fixtures/upgrade/backend-v1.toml");

/// The guides: 0 is "How to land a job as a backend engineer (2024)", 1 is "How to become a
/// backend engineer 2024", 2 is "How to prepare for backend developer jobs" (with its 90-day
/// plan), 3 is "A complete learning path to becoming a backend developer".
/// Each concrete step a guide names, and the topic of the default roadmap that covers it.
const CONCEPTS: &[(u8, &str, &str)] = &[
    // Guide 0.
    (
        0,
        "a core backend language (Python, Java, Node.js, Ruby)",
        "choose-language",
    ),
    (0, "clean, efficient, scalable code", "code-review"),
    (
        0,
        "problems on LeetCode, HackerRank or Codewars",
        "problem-sets",
    ),
    (
        0,
        "relational databases (MySQL, PostgreSQL)",
        "relational-basics",
    ),
    (0, "NoSQL databases (MongoDB, Cassandra)", "nosql-families"),
    (0, "complex SQL queries", "sql-aggregation"),
    (0, "optimising SQL queries", "indexes-query-plans"),
    (0, "database normalisation", "data-modelling"),
    (0, "indexing", "indexes-query-plans"),
    (0, "transactions", "transactions-acid"),
    (
        0,
        "a backend framework (Django, Spring Boot, Express, Rails)",
        "backend-framework",
    ),
    (0, "small projects with a framework", "build-crud-api"),
    (0, "design, build and consume RESTful APIs", "rest-design"),
    (0, "GraphQL and its use cases", "graphql-basics"),
    (0, "microservices architecture", "monolith-microservices"),
    (0, "Git and GitHub", "git-basics"),
    (0, "branches and merges", "branching-merging"),
    (0, "clear commit messages", "git-basics"),
    (0, "a blog platform project", "project-blog"),
    (0, "an e-commerce project", "project-ecommerce"),
    (0, "an API service project", "project-api-aggregator"),
    (0, "projects hosted on GitHub or GitLab", "github-profile"),
    (0, "well-documented code", "project-docs"),
    (0, "contribute to open source", "open-source-contribution"),
    (0, "submit pull requests", "pull-requests"),
    (0, "review others' code", "code-review"),
    (0, "a personal website or portfolio", "personal-site"),
    (0, "technical blog posts", "tech-writing"),
    (
        0,
        "forums and communities (Stack Overflow, Reddit)",
        "developer-communities",
    ),
    (
        0,
        "data structures and algorithms for interviews",
        "coding-interview-practice",
    ),
    (0, "coding problems daily", "problem-sets"),
    (0, "system design concepts", "scalability-basics"),
    (0, "designing scalable systems", "design-exercises"),
    (
        0,
        "mock interviews (Pramp, interviewing.io)",
        "mock-interviews",
    ),
    (
        0,
        "explaining your thought process",
        "coding-interview-practice",
    ),
    (0, "a tailored resume", "resume"),
    (0, "a cover letter", "cover-letter"),
    (0, "quantified achievements", "resume"),
    (
        0,
        "meetups, conferences and hackathons",
        "developer-communities",
    ),
    (
        0,
        "connect on LinkedIn, reach out to recruiters",
        "networking-referrals",
    ),
    (0, "research companies and their stack", "find-roles"),
    (0, "job boards and company websites", "find-roles"),
    (0, "ask for referrals", "networking-referrals"),
    (0, "follow up after applying", "follow-up"),
    (0, "multiple interview rounds", "interview-process"),
    (0, "discuss your past projects", "system-design-interview"),
    (0, "whiteboard coding", "coding-interview-practice"),
    (0, "behavioural interviews with STAR", "behavioural-star"),
    (0, "a thank-you email after the interview", "follow-up"),
    (0, "tech blogs, podcasts and news", "tech-reading"),
    (0, "courses, certifications, workshops", "specialisation"),
    (0, "experiment with new technologies", "new-tools"),
    (
        0,
        "relationships and mentorship once hired",
        "first-months-on-job",
    ),
    // Guide 1.
    (1, "what backend engineering is", "backend-role"),
    (1, "Java, Python, Ruby or PHP", "choose-language"),
    (1, "SQL databases (MySQL, PostgreSQL, SQLite)", "sql-basics"),
    (1, "MongoDB", "mongodb-basics"),
    (
        1,
        "how servers work and their environment",
        "web-servers-proxies",
    ),
    (1, "deploy and update software on servers", "deploy-app"),
    (1, "keep servers secure", "server-hardening"),
    (1, "handle the expected load", "load-balancing"),
    (1, "integrate third-party services", "files-and-http"),
    (1, "RESTful APIs", "rest-design"),
    (1, "SOAP", "soap-basics"),
    (1, "encryption", "https-tls"),
    (1, "OAuth", "oauth2"),
    (1, "JWT", "jwt-tokens"),
    (1, "the latest security flaws", "owasp-top-ten"),
    (
        1,
        "keep up with vulnerabilities in what you use",
        "dependency-updates",
    ),
    (1, "tracking changes and reverting", "branching-merging"),
    (1, "problem-solving", "core-problems"),
    (1, "HTML, CSS and JavaScript", "frontend-basics"),
    (1, "communication and teamwork", "code-review"),
    (1, "a computer science degree", "cs-degree"),
    (
        1,
        "online courses (Coursera, edX, Udacity)",
        "online-courses",
    ),
    (1, "coding bootcamps", "coding-bootcamp"),
    (1, "the choice of an education route", "education-routes"),
    (1, "request handling", "http-basics"),
    (1, "hosting", "dns-hosting"),
    (
        1,
        "projects with a database, an API and server logic",
        "build-crud-api",
    ),
    (1, "internships", "internships-freelance"),
    (1, "freelance work", "internships-freelance"),
    (1, "hackathons and meetups", "developer-communities"),
    (1, "mentorship", "mentorship"),
    (1, "specialise (cloud, AI, security)", "specialisation"),
    (
        1,
        "an authentication system project",
        "project-task-manager",
    ),
    (
        1,
        "collaborate on GitHub repositories",
        "open-source-contribution",
    ),
    (1, "design patterns", "design-patterns"),
    (1, "architectures", "software-architecture"),
    (1, "embrace testing", "unit-testing"),
    (1, "know your tools", "dev-environment"),
    (
        1,
        "cloud services (AWS, Azure, Google Cloud)",
        "cloud-basics",
    ),
    (1, "customise each application", "cover-letter"),
    (1, "seek feedback and iterate", "mock-interviews"),
    (1, "AI as a backend skill", "llm-apis"),
    // Guide 2.
    (2, "optimise performance", "profiling-load-testing"),
    (2, "CI pipelines", "continuous-integration"),
    (
        2,
        "variables, functions, classes, modules",
        "language-syntax",
    ),
    (2, "error handling", "error-handling"),
    (
        2,
        "strings, lists, maps, sets, iterators",
        "language-syntax",
    ),
    (2, "classes and OOP", "oop-basics"),
    (2, "threads and async I/O", "concurrency-async"),
    (2, "queues for background work", "message-queues"),
    (
        2,
        "read and write files, send HTTP requests",
        "files-and-http",
    ),
    (2, "arrays and strings", "arrays-strings"),
    (2, "linked lists", "linked-lists"),
    (2, "stacks and queues", "stacks-queues"),
    (2, "hash maps", "hash-tables"),
    (2, "trees", "trees-bst"),
    (2, "heaps", "heaps"),
    (2, "sorting and searching", "sorting-searching"),
    (2, "BFS and DFS", "graphs-bfs-dfs"),
    (2, "two pointers", "arrays-strings"),
    (2, "dynamic programming basics", "dynamic-programming"),
    (2, "recursion", "recursion"),
    (2, "Big-O", "big-o"),
    (2, "two or three problems a day", "problem-sets"),
    (
        2,
        "Java: collections, generics, streams, exceptions",
        "java-core-apis",
    ),
    (2, "Java: concurrency utilities", "java-concurrency"),
    (2, "Spring Boot for REST APIs", "spring-boot-basics"),
    (2, "Spring Data (JPA and Hibernate)", "spring-data-jpa"),
    (2, "Spring Security", "spring-security"),
    (2, "Maven or Gradle", "java-build-tools"),
    (2, "JUnit and Mockito", "junit-mockito"),
    (
        2,
        "Testcontainers for Java integration tests",
        "spring-boot-testing",
    ),
    (
        2,
        "Python: data types, comprehensions, OOP, typing",
        "python-core-idioms",
    ),
    (2, "Python: asyncio", "python-asyncio"),
    (2, "Django, Flask or FastAPI", "python-web-framework"),
    (2, "Django ORM or SQLAlchemy", "sqlalchemy-orm"),
    (2, "pytest, coverage and factories", "pytest-testing"),
    (2, "Python packaging", "python-packaging"),
    (2, "primary and foreign keys", "relational-basics"),
    (2, "data types and constraints", "data-modelling"),
    (2, "SELECT, JOIN, WHERE", "sql-joins"),
    (2, "GROUP BY, HAVING, ORDER BY, LIMIT", "sql-aggregation"),
    (2, "ACID", "transactions-acid"),
    (
        2,
        "isolation levels, locks and deadlocks",
        "isolation-locking",
    ),
    (2, "indexes and execution plans", "indexes-query-plans"),
    (2, "PostgreSQL or MySQL first", "postgresql-setup"),
    (2, "MongoDB for nested documents", "mongodb-basics"),
    (2, "Redis for caching", "redis-basics"),
    (2, "Cassandra for high write throughput", "nosql-families"),
    (2, "the CAP theorem", "cap-theorem"),
    (2, "ORMs", "orm-basics"),
    (2, "migrations and seeding", "schema-migrations"),
    (
        2,
        "REST resources, verbs, status codes",
        "http-methods-status",
    ),
    (2, "HATEOAS", "rest-design"),
    (
        2,
        "GraphQL schema, queries, mutations, resolvers",
        "graphql-basics",
    ),
    (2, "API versioning and deprecation", "api-versioning"),
    (2, "OpenAPI documentation", "openapi-docs"),
    (2, "JWT and session cookies", "session-auth"),
    (2, "OAuth 2.0 flows", "oauth2"),
    (
        2,
        "validate inputs, avoid injection",
        "injection-validation",
    ),
    (2, "HTTPS and secure headers", "cors-headers"),
    (2, "secrets in vaults, not in code", "secrets-config"),
    (2, "logging for audits without secrets", "logging"),
    (
        2,
        "feature branches, pull requests, code reviews",
        "pull-requests",
    ),
    (2, "trunk-based or GitFlow", "git-workflows"),
    (2, "unit tests", "unit-testing"),
    (2, "integration tests", "integration-testing"),
    (2, "end-to-end tests", "e2e-testing"),
    (2, "deterministic test data", "test-data"),
    (2, "risk-based coverage", "unit-testing"),
    (2, "metrics", "metrics"),
    (2, "traces", "tracing"),
    (
        2,
        "Docker images, multi-stage builds, health checks",
        "docker-basics",
    ),
    (2, "CI/CD with rollback", "ci-cd-pipelines"),
    (
        2,
        "managed services, object storage, managed databases",
        "cloud-basics",
    ),
    (
        2,
        "a task manager with permissions and audit logs",
        "project-task-manager",
    ),
    (
        2,
        "an analytics API with pagination, caching, background jobs",
        "project-analytics-api",
    ),
    (
        2,
        "an aggregator of two public APIs with retries",
        "project-api-aggregator",
    ),
    (
        2,
        "a queue-driven notification worker",
        "project-notification-worker",
    ),
    (2, "two or three projects are enough", "portfolio-ready"),
    (2, "a README with setup and endpoints", "project-docs"),
    (2, "a hosted demo or short video", "project-demo"),
    (2, "CI badges", "continuous-integration"),
    (2, "a resume summary, skills and project bullets", "resume"),
    (
        2,
        "a LinkedIn headline and open-to-work",
        "linkedin-profile",
    ),
    (2, "pin three to five GitHub repositories", "github-profile"),
    (2, "regional and niche job boards", "find-roles"),
    (
        2,
        "restate, plan, code, test, optimise",
        "coding-interview-practice",
    ),
    (2, "system design for juniors", "system-design-interview"),
    (
        2,
        "failure modes, retries, idempotency",
        "idempotency-retries",
    ),
    (2, "four to six STAR stories", "behavioural-star"),
    (2, "mentors and communities", "mentorship"),
    (2, "a monthly learning theme", "new-tools"),
    (2, "days 1-10: choose Java or Python", "choose-language"),
    (
        2,
        "days 1-10: set up your dev environment",
        "dev-environment",
    ),
    (
        2,
        "days 11-20: a first REST API with auth and CRUD",
        "build-crud-api",
    ),
    (2, "days 21-30: add a cache", "caching-strategies"),
    (2, "days 21-30: add a background worker", "message-queues"),
    (2, "days 31-40: error handling", "api-error-handling"),
    (
        2,
        "days 31-40: pagination and rate limits",
        "pagination-rate-limiting",
    ),
    (2, "days 41-50: 20 to 30 core problems", "core-problems"),
    (
        2,
        "days 51-60: a cloud deployment with a managed database",
        "deploy-app",
    ),
    (2, "days 81-90: apply to roles", "first-application-sent"),
    (2, "networking basics", "how-internet-works"),
    (2, "negotiation and offers", "negotiate-offer"),
    // Guide 3.
    (3, "basic syntax of one or two languages", "language-syntax"),
    (3, "how apps use backend servers", "frontend-basics"),
    (3, "master data structures and algorithms", "big-o"),
    (3, "a SQL database first, PostgreSQL", "postgresql-setup"),
    (3, "then the NoSQL options", "nosql-families"),
    (3, "specialise in a language", "choose-language"),
    (3, "build projects in your language", "build-crud-api"),
    (3, "deploy your projects", "first-api-deployed"),
    (
        3,
        "an online presence that shows your work",
        "github-profile",
    ),
    (3, "niche job boards", "find-roles"),
    (3, "do not stop learning and building", "keep-building"),
    // Named in issue 20 as missing from version 1.
    (2, "AI-assisted development", "ai-assisted-coding"),
    (1, "patching servers", "server-hardening"),
];

fn parse(text: &str) -> toml::Table {
    text.parse().unwrap()
}

fn topics(file: &toml::Table) -> Vec<&toml::Table> {
    file["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["topics"].as_array().unwrap())
        .map(|t| t.as_table().unwrap())
        .collect()
}

fn ids(file: &toml::Table) -> BTreeSet<String> {
    topics(file)
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn str_list<'a>(topic: &'a toml::Table, key: &str) -> Vec<&'a str> {
    topic
        .get(key)
        .map(|v| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_step_of_the_guides_is_a_topic() {
    assert!(CONCEPTS.len() >= 130, "{} concepts", CONCEPTS.len());
    let backend = ids(&parse(BACKEND));
    let missing: Vec<String> = CONCEPTS
        .iter()
        .filter(|(_, _, id)| !backend.contains(*id))
        .map(|(guide, concept, id)| format!("guide {guide}: {concept} -> `{id}`"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the roadmap:\n{}",
        missing.join("\n")
    );
    // Each concept is listed once.
    let mut seen = BTreeSet::new();
    for (guide, concept, _) in CONCEPTS {
        assert!(seen.insert((guide, concept)), "listed twice: {concept}");
    }
}

#[test]
fn every_version_1_topic_is_kept_or_renamed() {
    let v2 = parse(BACKEND);
    let mut carried: BTreeSet<String> = ids(&v2);
    for t in topics(&v2) {
        carried.extend(str_list(t, "renamed_from").into_iter().map(String::from));
    }
    let lost: Vec<String> = ids(&parse(BACKEND_V1))
        .into_iter()
        .filter(|id| !carried.contains(id))
        .collect();
    assert!(lost.is_empty(), "lost without renamed_from: {lost:?}");
    assert_eq!(v2["roadmap"]["version"].as_integer(), Some(2));
}

#[test]
fn the_two_tracks_and_the_optional_and_grouped_topics() {
    let file = parse(BACKEND);
    let tracks: Vec<&str> = file["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(tracks, ["java", "python"]);
    let mut per_track: BTreeMap<&str, usize> = BTreeMap::new();
    let mut optional = BTreeSet::new();
    let mut grouped = BTreeSet::new();
    for t in topics(&file) {
        let id = t["id"].as_str().unwrap();
        if let Some(track) = t.get("track") {
            *per_track.entry(track.as_str().unwrap()).or_default() += 1;
        }
        if t.get("optional").and_then(toml::Value::as_bool) == Some(true) {
            optional.insert(id);
        }
        if t.get("group").is_some() {
            grouped.insert(id);
        }
    }
    // The same number of topics in each track, so that neither is a sketch of the other.
    assert_eq!(per_track["java"], per_track["python"]);
    assert!(per_track["java"] >= 8, "{per_track:?}");
    for id in ["kubernetes-basics", "infrastructure-as-code", "grpc-basics"] {
        assert!(optional.contains(id), "{id} is not optional");
    }
    assert_eq!(grouped.len(), 6, "{grouped:?}");
    assert!(grouped.iter().all(|id| id.starts_with("project-")));
    let group = &file["groups"].as_array().unwrap()[0];
    assert_eq!(group["pick"].as_integer(), Some(2));
    // choose-language stays: choosing a track is that step.
    assert!(ids(&file).contains("choose-language"));
}

/// Language-neutral topics lean to neither language: their Python and Java links are within
/// a few of each other (version 1 had 26 against 6).
#[test]
fn neutral_topics_have_balanced_links() {
    let (mut python, mut java) = (0usize, 0usize);
    for t in topics(&parse(BACKEND)) {
        if t.get("track").is_some() {
            continue;
        }
        for r in t["resources"].as_array().unwrap() {
            let url = r["url"].as_str().unwrap();
            let title = r["title"].as_str().unwrap();
            let is = |words: &[&str]| words.iter().any(|w| url.contains(w) || title.contains(w));
            if is(&[
                "python",
                "Python",
                "django",
                "Django",
                "fastapi",
                "FastAPI",
                "sqlalchemy",
                "SQLAlchemy",
                "pytest",
                "celery",
                "alembic",
                "pypi.org",
                "factoryboy",
            ]) {
                python += 1;
            }
            if is(&[
                "java",
                "Java",
                "spring",
                "Spring",
                "junit",
                "hibernate",
                "maven",
                "gradle",
                "instancio",
            ]) {
                java += 1;
            }
        }
    }
    assert!(
        python.abs_diff(java) <= 5,
        "neutral links: {python} Python, {java} Java"
    );
}

#[test]
fn the_facts_issue_20_corrected_are_stated() {
    let file = parse(BACKEND);
    let summary = |id: &str| -> String {
        topics(&file)
            .into_iter()
            .find(|t| t["id"].as_str() == Some(id))
            .unwrap()["summary"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let hashing = summary("password-hashing");
    let at = |word: &str| hashing.find(word).unwrap_or_else(|| panic!("no {word}"));
    assert!(
        at("Argon2id") < at("scrypt") && at("scrypt") < at("bcrypt") && at("bcrypt") < at("PBKDF2")
    );
    assert!(hashing.contains("legacy") && hashing.contains("FIPS"));
    assert!(summary("cloud-basics").contains("July 2025"));
    assert!(summary("profiling-load-testing").contains("deprecated"));
}

#[test]
fn the_90_day_plan_shares_ids_tracks_and_covers_every_day() {
    let plan = parse(NINETY_DAYS);
    let backend = parse(BACKEND);
    assert_eq!(plan["roadmap"]["id"].as_str(), Some("backend-90-days"));
    let track_ids = |f: &toml::Table| -> Vec<String> {
        f["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(track_ids(&plan), track_ids(&backend));
    // Nine blocks of ten days, in order.
    let days: Vec<(i64, i64)> = plan["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let d = s["days"].as_array().unwrap();
            (d[0].as_integer().unwrap(), d[1].as_integer().unwrap())
        })
        .collect();
    let want: Vec<(i64, i64)> = (0..9).map(|b| (b * 10 + 1, b * 10 + 10)).collect();
    assert_eq!(days, want);
    // Every topic is one of the main roadmap's, with the same track, except the plan's own.
    let own = BTreeSet::from(["interview-retros"]);
    let main: BTreeMap<&str, Option<&str>> = topics(&backend)
        .into_iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t.get("track").and_then(toml::Value::as_str),
            )
        })
        .collect();
    for t in topics(&plan) {
        let id = t["id"].as_str().unwrap();
        if own.contains(id) {
            assert!(!main.contains_key(id), "`{id}` is in both");
            continue;
        }
        let track = t.get("track").and_then(toml::Value::as_str);
        assert_eq!(main.get(id), Some(&track), "`{id}`");
    }
}

/// Addresses that moved: MDN's Learn area became Learn_web_development, its HTTP pages went
/// under Guides/ and Reference/, How_browsers_work under Performance/Guides/; GitLab dropped
/// /ee/; JUnit's guide left junit.org/junit5; Google Cloud's docs went to docs.cloud.google.com,
/// OpenAI's to developers.openai.com; Wikipedia renamed PACELC theorem to PACELC design principle.
const MOVED: &[&str] = &[
    "https://developer.mozilla.org/en-US/docs/Learn/",
    "https://developer.mozilla.org/en-US/docs/Web/Performance/How_browsers_work",
    "https://developer.mozilla.org/en-US/docs/Web/Security/Transport_Layer_Security",
    "https://docs.gitlab.com/ee/",
    "https://junit.org/junit5/docs/",
    "https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-github-profile/",
    "https://www.indeed.com/career-advice/finding-a-job/how-to-follow-up-on-job-application",
    "https://cloud.google.com/docs",
    "https://platform.openai.com/docs/",
    "https://en.wikipedia.org/wiki/PACELC_theorem",
];

/// Pages too general for any one step: the LinkedIn Help home page, roadmap.sh's home page.
const WEAK: &[&str] = &[
    "https://www.linkedin.com/help/linkedin",
    "https://roadmap.sh/",
];

/// A URL as the roadmap may hold it: https, a host with a dot and no odd characters, no
/// spaces, quotes or angle brackets anywhere, and a path (at least `/`) after the host.
fn well_formed(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host_ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    host_ok
        && path.starts_with('/')
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !"\"<>\\^`{|}".contains(c))
}

#[test]
fn every_link_is_https_well_formed_unique_in_its_topic_and_not_moved() {
    assert!(well_formed("https://docs.junit.org/current/user-guide/"));
    for bad in [
        "http://example.org/",
        "https://example.org",
        "https://exa mple.org/",
        "https://localhost/",
        "https://example.org/a b",
    ] {
        assert!(!well_formed(bad), "{bad}");
    }
    let mut problems = Vec::new();
    for (name, text) in [
        ("backend.toml", BACKEND),
        ("backend-90-days.toml", NINETY_DAYS),
    ] {
        for t in topics(&parse(text)) {
            let id = t["id"].as_str().unwrap();
            let mut seen = BTreeSet::new();
            let resources = t["resources"].as_array().unwrap();
            if resources.is_empty() {
                problems.push(format!("{name}: `{id}` has no link"));
            }
            for r in resources {
                let url = r["url"].as_str().unwrap();
                if !well_formed(url) {
                    problems.push(format!(
                        "{name}: `{id}`: not a well-formed https URL: {url}"
                    ));
                }
                if !seen.insert(url) {
                    problems.push(format!("{name}: `{id}`: {url} twice"));
                }
                if WEAK.contains(&url.trim_end_matches('/')) || WEAK.contains(&url) {
                    problems.push(format!("{name}: `{id}`: too general: {url}"));
                }
                if MOVED.iter().any(|m| url.starts_with(m)) {
                    problems.push(format!("{name}: `{id}`: moved: {url}"));
                }
                if let Some(rest) =
                    url.strip_prefix("https://developer.mozilla.org/en-US/docs/Web/HTTP/")
                    && !(rest.starts_with("Guides/") || rest.starts_with("Reference/"))
                {
                    problems.push(format!("{name}: `{id}`: moved: {url}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
