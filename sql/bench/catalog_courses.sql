-- Catalog search bench data: 20 categories, 2,000 instructors and 100,000 published, public courses with
-- realistic titles, descriptions and tags, plus 3,000 drafts, archived and private courses that search must
-- never return. Deterministic (setseed). Run as a superuser (it uses temporary tables, which service roles
-- may not create) against a migrated, empty `catalog` schema:
--   psql "$SUPERUSER_URL/campus" -v ON_ERROR_STOP=1 -f sql/bench/catalog_courses.sql
SET client_min_messages = warning;
SET search_path = catalog, extensions;
SET maintenance_work_mem = '256MB';
SELECT setseed(0.2024);

-- Building the courses' indexes once after the load is much faster than updating them row by row: set aside
-- every index that backs no constraint, and make it again at the end, as the migration defined it.
CREATE TEMP TABLE bench_course_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i
WHERE i.indrelid = 'courses'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
SELECT format('DROP INDEX %s', name) FROM bench_course_indexes \gexec

-- A UUIDv7 for a moment, with the random bits drawn from `seed` (so a run is repeatable).
CREATE FUNCTION pg_temp.bench_uuid7(at timestamptz, seed text) RETURNS uuid
LANGUAGE sql IMMUTABLE
RETURN (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0')
    || '7' || substr(md5(seed), 1, 3)
    || substr('89ab', 1 + get_byte(decode(md5(seed || 'v'), 'hex'), 0) % 4, 1) || substr(md5(seed), 4, 3)
    || substr(md5(seed), 7, 12))::uuid;

CREATE TEMP TABLE bench_vocabulary (
    position integer PRIMARY KEY,
    name     text NOT NULL,
    slug     text NOT NULL,
    topics   text[] NOT NULL,
    skills   text[] NOT NULL
);
INSERT INTO bench_vocabulary (position, name, slug, topics, skills) VALUES
(1, 'Web Development', 'web-development',
 '{React,Angular,"Vue.js","Next.js","Node.js",Django,Flask,"Ruby on Rails",Laravel,"HTML and CSS",JavaScript,TypeScript,GraphQL,"REST APIs",Svelte,"Tailwind CSS",WebAssembly,"ASP.NET Core","Spring Boot",Express}',
 '{routing,"state management",authentication,"server-side rendering","responsive layouts",forms,"API design",testing,deployment,"performance budgets",accessibility,caching,websockets,components}'),
(2, 'Data Science', 'data-science',
 '{Python,Pandas,NumPy,R,SQL,Tableau,"Power BI",Statistics,"Data Visualization",Jupyter,Excel,"Apache Spark","Data Analysis","A/B Testing","Time Series"}',
 '{"data cleaning","exploratory analysis",dashboards,"hypothesis testing",regression,"feature engineering",notebooks,"data pipelines",reporting,sampling,"pivot tables",forecasting}'),
(3, 'Machine Learning', 'machine-learning',
 '{"Machine Learning","Deep Learning",TensorFlow,PyTorch,Scikit-learn,"Natural Language Processing","Computer Vision","Reinforcement Learning","Large Language Models",MLOps,"Generative AI",Keras,XGBoost,"Neural Networks","Prompt Engineering"}',
 '{classification,"model evaluation",embeddings,transformers,"fine-tuning","gradient descent","convolutional networks","model deployment","hyperparameter tuning",clustering,"retrieval augmented generation","training loops"}'),
(4, 'Cloud Computing', 'cloud-computing',
 '{AWS,"Microsoft Azure","Google Cloud",Serverless,"AWS Lambda","Cloud Architecture",Terraform,CloudFormation,"Cloud Security","Azure DevOps"}',
 '{"infrastructure as code",networking,"identity and access management","cost optimization",autoscaling,"object storage","high availability","disaster recovery",monitoring,"managed databases"}'),
(5, 'DevOps', 'devops',
 '{Docker,Kubernetes,Jenkins,"GitHub Actions",Ansible,Linux,"Bash Scripting",Prometheus,Grafana,Helm,"CI/CD","Site Reliability Engineering",Git,Nginx,Observability}',
 '{containers,"deployment pipelines",alerting,"configuration management","service meshes","rolling updates","log aggregation","incident response",automation,"load balancing","secrets management",scaling}'),
(6, 'Databases', 'databases',
 '{PostgreSQL,MySQL,MongoDB,Redis,SQLite,"Oracle Database","SQL Server",Cassandra,Elasticsearch,"Database Design","Data Modeling",DynamoDB,Neo4j,"Query Optimization","Data Warehousing"}',
 '{indexing,"query plans",transactions,replication,backups,"schema design","performance tuning","JSON documents","full-text search",migrations,partitioning,"window functions","stored procedures"}'),
(7, 'Mobile Development', 'mobile-development',
 '{Swift,SwiftUI,Kotlin,Android,iOS,Flutter,"React Native","Jetpack Compose",Xamarin,"Mobile UX"}',
 '{"app architecture","push notifications","offline storage",animations,"App Store publishing",navigation,"camera and location",networking,"unit testing","in-app purchases"}'),
(8, 'Programming Languages', 'programming-languages',
 '{Java,"C++","C#",Go,Rust,Python,JavaScript,Scala,Haskell,Elixir,Ruby,PHP,"C Programming",Kotlin,"Functional Programming"}',
 '{"data structures",algorithms,concurrency,"memory management",generics,"error handling","object-oriented design",recursion,"standard library",closures,"design patterns",debugging}'),
(9, 'Cybersecurity', 'cybersecurity',
 '{"Ethical Hacking","Penetration Testing","Network Security",Cryptography,"Web Application Security","Security+","Malware Analysis","Incident Response","OWASP Top 10","Zero Trust","Digital Forensics","SOC Analyst"}',
 '{"threat modeling",reconnaissance,"vulnerability scanning",firewalls,"privilege escalation","secure coding",encryption,"log analysis","phishing defense","risk assessment",compliance}'),
(10, 'Game Development', 'game-development',
 '{Unity,"Unreal Engine",Godot,Blender,"Game Design","C# for Games","Pixel Art","3D Modeling","Shader Programming","Level Design"}',
 '{"game physics","character controllers","enemy AI",animation,"level layout","particle effects",multiplayer,"user interface",lighting,"sound design"}'),
(11, 'Design', 'design',
 '{Figma,"Adobe Photoshop","Adobe Illustrator","UX Design","UI Design","Graphic Design",Typography,"Logo Design","Design Systems","After Effects",Canva,"Web Design"}',
 '{wireframes,prototyping,"color theory","visual hierarchy","user research","usability testing",layouts,branding,"motion design","component libraries",grids}'),
(12, 'Business', 'business',
 '{"Project Management",Agile,Scrum,"Product Management",Leadership,Entrepreneurship,"Business Analysis",Negotiation,"Public Speaking",Strategy,PMP,"Operations Management","Lean Six Sigma"}',
 '{"stakeholder management",roadmaps,"requirements gathering",budgeting,"team building","decision making",presentations,"risk management",OKRs,"process improvement",hiring}'),
(13, 'Marketing', 'marketing',
 '{"Digital Marketing",SEO,"Social Media Marketing","Google Ads","Content Marketing","Email Marketing",Copywriting,"Marketing Analytics","Facebook Ads","Growth Hacking",Branding,"Affiliate Marketing"}',
 '{"keyword research","landing pages","conversion rate optimization",funnels,"audience targeting",campaigns,"brand voice",newsletters,"paid acquisition",storytelling,analytics}'),
(14, 'Finance', 'finance',
 '{Accounting,"Financial Modeling",Investing,"Stock Trading","Personal Finance",Cryptocurrency,"Excel for Finance","Corporate Finance","Options Trading","Financial Analysis",Bookkeeping,Valuation}',
 '{"balance sheets","cash flow","discounted cash flow","portfolio management","risk and return",budgeting,"financial statements","technical analysis",taxes,"retirement planning"}'),
(15, 'Photography', 'photography',
 '{Photography,Lightroom,"Portrait Photography","Landscape Photography","Video Editing","Premiere Pro","DaVinci Resolve","Smartphone Photography","Drone Photography","Color Grading"}',
 '{composition,exposure,lighting,"editing workflow","camera settings",retouching,storytelling,"natural light",lenses,"export settings"}'),
(16, 'Music', 'music',
 '{Guitar,Piano,"Music Production","Ableton Live","FL Studio","Music Theory",Singing,"Mixing and Mastering","Logic Pro",Songwriting,Drums,Ukulele}',
 '{chords,scales,rhythm,"ear training",arrangement,"sound design",recording,"vocal technique",harmony,improvisation,"beat making"}'),
(17, 'Personal Development', 'personal-development',
 '{Productivity,"Time Management",Mindfulness,"Communication Skills","Career Development","Emotional Intelligence","Critical Thinking","Memory Techniques","Speed Reading",Habits}',
 '{"goal setting",focus,"habit building",resilience,"active listening",motivation,"self-awareness","deep work",planning,"interview skills"}'),
(18, 'Health & Fitness', 'health-fitness',
 '{Yoga,Nutrition,"Strength Training",Meditation,Running,Pilates,"Home Workouts","Mental Health","Sleep Science","Weight Loss"}',
 '{mobility,"meal planning",breathing,endurance,flexibility,recovery,"training plans",posture,"stress management",hydration}'),
(19, 'Language Learning', 'language-learning',
 '{English,Spanish,French,German,Japanese,"Mandarin Chinese",Italian,Korean,Arabic,Portuguese,IELTS,"English Grammar"}',
 '{vocabulary,pronunciation,conversation,grammar,"listening comprehension","reading practice",writing,"exam preparation",idioms,"travel phrases"}'),
(20, 'Software Testing', 'software-testing',
 '{Selenium,Cypress,Playwright,"Test Automation","Unit Testing","API Testing","Performance Testing",JUnit,Pytest,"Manual Testing","Test-Driven Development",Appium}',
 '{"test design",mocking,"page objects","continuous integration","load testing","regression suites","bug reports","coverage analysis",fixtures,"flaky tests"}');

INSERT INTO categories (id, name, slug, description, created_at, updated_at)
SELECT pg_temp.bench_uuid7(timestamptz '2020-01-01' + position * interval '1 hour', 'category' || position),
       name, slug, 'Courses on ' || lower(name) || '.', timestamptz '2020-01-01', timestamptz '2020-01-01'
FROM bench_vocabulary;

CREATE TEMP TABLE bench_instructors AS
SELECT n,
       pg_temp.bench_uuid7(timestamptz '2020-01-01' + n * interval '10 minutes', 'instructor' || n) AS id,
       (ARRAY['Ada','Alan','Grace','Linus','Margaret','Dennis','Barbara','Ken','Radia','Tim','Frances','Guido',
              'Sophie','Yukihiro','Anders','Hedy','Donald','Katherine','Niklaus','Joan','Priya','Mateo','Amara',
              'Chen','Fatima','Lars','Ingrid','Kofi','Elena','Ravi','Mei','Diego','Aisha','Tomasz','Nadia'])
           [1 + floor(random() * 35)::int] || ' ' ||
       (ARRAY['Lovelace','Turing','Hopper','Torvalds','Hamilton','Ritchie','Liskov','Thompson','Perlman',
              'Berners-Lee','Allen','van Rossum','Wilson','Matsumoto','Hejlsberg','Lamarr','Knuth','Johnson',
              'Wirth','Clarke','Sharma','Garcia','Okafor','Wang','Haddad','Nilsson','Berg','Mensah','Petrova',
              'Iyer','Tanaka','Silva','Rahman','Kowalski','Novak','Rossi','Dubois','Schmidt','Kim','Ahmed'])
           [1 + floor(random() * 40)::int] AS name
FROM generate_series(1, 2000) AS n;

INSERT INTO instructors (id, display_name, version)
SELECT id, name, '2024-01-01T00:00:00.000000Z' FROM bench_instructors;

-- One row per course with every random draw made once, so the columns agree with each other.
CREATE TEMP TABLE bench_draws AS
SELECT i,
       -- Popular topics come up more often: a skewed pick of category and topic.
       1 + floor(20 * power(random(), 1.3))::int AS category,
       random() AS topic_draw, random() AS second_topic_draw, floor(random() * 16)::int AS pattern,
       floor(random() * 24)::int AS adjective, floor(random() * 24)::int AS audience,
       floor(random() * 12)::int AS opener, floor(random() * 10)::int AS middle, floor(random() * 8)::int AS closer,
       random() AS skill_draw, random() AS skill_draw2, random() AS skill_draw3,
       1 + floor(2000 * power(random(), 2))::int AS instructor,
       random() AS level_draw, random() AS language_draw, random() AS price_draw, random() AS discount_draw,
       random() AS rating_draw, power(random(), 6) AS popularity, random() AS age_draw, random() AS lessons_draw,
       CASE WHEN i <= 100000 THEN 'published' ELSE (ARRAY['draft', 'under-review', 'archived', 'published'])
           [1 + (i % 4)] END AS status
FROM generate_series(1, 103000) AS i;

CREATE TEMP TABLE bench_courses AS
SELECT d.*, v.name AS category_name, v.slug AS category_slug,
       v.topics[1 + floor(d.topic_draw * array_length(v.topics, 1))::int] AS topic,
       -- The second topic and skills differ from the first: offsets of 1..n-1 from it, wrapping around.
       v.topics[1 + (floor(d.topic_draw * array_length(v.topics, 1))::int
           + 1 + floor(d.second_topic_draw * (array_length(v.topics, 1) - 1))::int) % array_length(v.topics, 1)]
           AS second_topic,
       v.skills[1 + floor(d.skill_draw * array_length(v.skills, 1))::int] AS skill,
       v.skills[1 + (floor(d.skill_draw * array_length(v.skills, 1))::int
           + 1 + floor(d.skill_draw2 * (array_length(v.skills, 1) - 1))::int) % array_length(v.skills, 1)] AS skill2,
       v.skills[1 + (floor(d.skill_draw * array_length(v.skills, 1))::int
           + 1 + floor(d.skill_draw3 * (array_length(v.skills, 1) - 1))::int) % array_length(v.skills, 1)] AS skill3,
       (ARRAY['Practical','Modern','Advanced','Essential','Hands-On','Complete','Applied','Professional',
              'Effective','Beginner''s','Intermediate','Real-World','Ultimate','Comprehensive','Quick',
              'Fundamental','Production','Pragmatic','Intensive','Visual','Interactive','Expert','Core',
              'Accelerated'])[1 + d.adjective] AS adjective_word,
       (ARRAY['Beginners','Data Engineers','Developers','Data Scientists','Analysts','Managers','Students',
              'Professionals','Startups','Small Businesses','Designers','Architects','Product Managers',
              'Everyone','Teenagers','Researchers','Teams','System Administrators','Marketers',
              'Entrepreneurs','Engineers','Freelancers','Career Changers','Busy People'])[1 + d.audience]
           AS audience_word
FROM bench_draws d JOIN bench_vocabulary v ON v.position = d.category;

INSERT INTO courses (
    id, slug, title, description, full_description, learning_outcomes, requirements, target_audience,
    category_id, level, tags, language, price, original_price, currency, cover_url, instructor_id,
    instructor_name, status, is_public, submitted_at, published_at, archived_at, enrollment_count,
    view_count, rating_average, rating_count, lesson_count, total_duration_seconds, created_at, updated_at
)
SELECT pg_temp.bench_uuid7(created, 'course' || c.i),
       trim(BOTH '-' FROM regexp_replace(lower(c.title), '[^a-z0-9]+', '-', 'g')) || '-' || c.i,
       c.title, left(c.description, 500), c.description || ' ' || c.description,
       ARRAY['Use ' || c.topic || ' with confidence', 'Apply ' || c.skill || ' to real projects'],
       ARRAY['A computer with internet access'], ARRAY[c.audience_word],
       cat.id,
       CASE WHEN c.level_draw < 0.45 THEN 'beginner' WHEN c.level_draw < 0.8 THEN 'intermediate'
            ELSE 'advanced' END,
       c.tags, c.language, c.price, CASE WHEN c.price > 0 AND c.discount_draw < 0.4 THEN c.price * 2 END,
       'USD', 'https://cdn.campus.test/covers/' || c.i || '.jpg', ins.id, ins.name,
       c.status, c.i <= 100000 OR c.status <> 'published',
       published, CASE WHEN c.status IN ('published', 'archived') THEN published END,
       CASE WHEN c.status = 'archived' THEN published + interval '30 days' END,
       c.enrollments, c.enrollments * 12 + c.i % 97,
       CASE WHEN c.ratings = 0 THEN 0 ELSE round((3.2 + 1.8 * power(c.rating_draw, 0.6))::numeric, 2) END,
       c.ratings, c.lessons, c.lessons * (240 + c.i % 600), created, published
FROM (
    SELECT b.*,
           CASE b.pattern
               WHEN 0 THEN adjective_word || ' ' || topic || ' for ' || audience_word
               WHEN 1 THEN topic || ' for ' || audience_word
               WHEN 2 THEN 'The Complete ' || topic || ' Bootcamp'
               WHEN 3 THEN 'Mastering ' || topic || ': From Zero to Production'
               WHEN 4 THEN adjective_word || ' ' || topic || ' and ' || second_topic
               WHEN 5 THEN 'Learn ' || topic || ' by Building Projects'
               WHEN 6 THEN topic || ' Masterclass: ' || initcap(skill) || ' and ' || initcap(skill2)
               WHEN 7 THEN 'Introduction to ' || topic
               WHEN 8 THEN adjective_word || ' ' || topic
               WHEN 9 THEN topic || ' in Practice: ' || initcap(skill)
               WHEN 10 THEN topic || ' Crash Course for ' || audience_word
               WHEN 11 THEN 'Advanced ' || topic || ' Techniques'
               WHEN 12 THEN topic || ' Fundamentals'
               WHEN 13 THEN adjective_word || ' ' || initcap(skill) || ' with ' || topic
               WHEN 14 THEN topic || ' Certification Prep (' || (2019 + b.i % 7) || ' Edition)'
               ELSE 'Hands-On ' || topic || ' Workshop'
           END AS title,
           (ARRAY[
               'Learn ' || topic || ' step by step, from the first concepts to production-ready work.',
               'This course teaches ' || topic || ' through short lessons and practical exercises.',
               'Get productive with ' || topic || ' and understand why it works the way it does.',
               'A hands-on tour of ' || topic || ' built around real examples from industry.',
               'Build a solid foundation in ' || topic || ' and ' || second_topic || '.',
               'Everything you need to start using ' || topic || ' at work, explained clearly.',
               'Go beyond the basics of ' || topic || ' with techniques used by experienced practitioners.',
               'Master ' || topic || ' with projects, quizzes and downloadable resources.',
               'An up-to-date guide to ' || topic || ' for ' || lower(audience_word) || '.',
               'Understand ' || topic || ' deeply and apply it to everyday problems.',
               'Start from zero and become confident with ' || topic || '.',
               'A focused course on ' || topic || ' that respects your time.'])[1 + opener]
           || ' ' ||
           (ARRAY[
               'You will practice ' || skill || ', ' || skill2 || ' and ' || skill3 || '.',
               'Projects cover ' || skill || ' and ' || skill2 || ', with solutions for every exercise.',
               'We spend extra time on ' || skill || ', a topic most tutorials skip.',
               'Each module ends with a project on ' || skill2 || ' that you can add to your portfolio.',
               'Along the way you learn ' || skill || ', ' || skill3 || ' and the common mistakes to avoid.',
               'Includes a case study on ' || skill2 || ' and a checklist you can reuse.',
               'You will compare approaches to ' || skill || ' and learn when each one fits.',
               'The second half focuses on ' || skill3 || ' in larger, realistic systems.',
               'Lessons combine short videos, readings and guided practice on ' || skill || '.',
               'Covers ' || skill || ' and ' || skill2 || ' with plenty of worked examples.'])[1 + middle]
           || ' ' ||
           (ARRAY[
               'Ideal for ' || lower(audience_word) || ' who want practical results quickly.',
               'No prior experience with ' || topic || ' is required.',
               'Some familiarity with ' || lower(category_name) || ' helps but is not required.',
               'Join thousands of students and get a certificate of completion.',
               'Lifetime access, updated regularly with new lessons.',
               'Perfect preparation for interviews and certification exams.',
               'Learn at your own pace with weekly assignments and feedback.',
               'By the end you will have the skills to work independently.'])[1 + closer]
           AS description,
           ARRAY(SELECT DISTINCT t FROM unnest(ARRAY[
               trim(BOTH '-' FROM regexp_replace(lower(topic), '[^a-z0-9+#]+', '-', 'g')),
               category_slug,
               trim(BOTH '-' FROM regexp_replace(lower(skill), '[^a-z0-9]+', '-', 'g')),
               trim(BOTH '-' FROM regexp_replace(lower(skill2), '[^a-z0-9]+', '-', 'g'))]) AS t) AS tags,
           CASE WHEN language_draw < 0.70 THEN 'en' WHEN language_draw < 0.78 THEN 'es'
                WHEN language_draw < 0.84 THEN 'pt' WHEN language_draw < 0.88 THEN 'de'
                WHEN language_draw < 0.92 THEN 'fr' WHEN language_draw < 0.95 THEN 'hi'
                WHEN language_draw < 0.97 THEN 'ja' WHEN language_draw < 0.985 THEN 'ar'
                ELSE 'bn' END AS language,
           CASE WHEN price_draw < 0.15 THEN 0 ELSE (999 + 500 * floor(price_draw * 38))::bigint END AS price,
           floor(200000 * popularity)::int AS enrollments,
           floor(20000 * popularity * rating_draw)::int AS ratings,
           5 + floor(lessons_draw * 120)::int AS lessons,
           timestamptz '2021-01-01' + age_draw * interval '1800 days' AS created,
           timestamptz '2021-01-01' + age_draw * interval '1800 days' + (i % 30) * interval '1 day' AS published
    FROM bench_courses b
) AS c
JOIN categories cat ON cat.slug = c.category_slug
JOIN bench_instructors ins ON ins.n = c.instructor;

DROP TABLE bench_courses, bench_draws, bench_instructors, bench_vocabulary;
SELECT definition FROM bench_course_indexes \gexec
DROP TABLE bench_course_indexes;

-- Fresh statistics for the planner, and a visibility map for index-only scans (facet counts).
VACUUM (ANALYZE) courses, categories, instructors;
