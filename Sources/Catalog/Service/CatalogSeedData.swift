/// The demo catalog `catalog seed` loads: six categories with two published courses each.
enum CatalogSeedData {
    struct Category {
        var name: String
        var slug: String
        var description: String
    }

    struct Section {
        var title: String
        var lessons: [String]
    }

    struct Course {
        var slug: String
        var title: String
        var category: String
        var description: String
        var level: CourseLevel
        var price: Int
        var tags: [String]
        var outcomes: [String]
        var sections: [Section]
    }

    static let categories: [Category] = [
        Category(name: "Web Development", slug: "web-development", description: "Build sites and web applications."),
        Category(name: "Data Science", slug: "data-science", description: "Analyse data and build models."),
        Category(name: "Design", slug: "design", description: "Interfaces, typography and visual design."),
        Category(name: "Business", slug: "business", description: "Management, marketing and finance."),
        Category(name: "Photography", slug: "photography", description: "Cameras, light and editing."),
        Category(name: "Music", slug: "music", description: "Theory, instruments and production."),
    ]

    static let courses: [Course] = [
        Course(
            slug: "html-and-css-from-scratch", title: "HTML and CSS from Scratch", category: "web-development",
            description: "Write your first web pages and style them with modern CSS.", level: .beginner, price: 0,
            tags: ["html", "css", "web"],
            outcomes: ["Structure pages with semantic HTML", "Lay out pages with flexbox"],
            sections: [
                Section(title: "Getting started", lessons: ["How the web works", "Your first page", "Check yourself"]),
                Section(title: "Styling", lessons: ["Selectors and the cascade", "Flexbox layouts", "Quiz: layouts"]),
            ]),
        Course(
            slug: "server-side-swift", title: "Server-Side Swift", category: "web-development",
            description: "Build and deploy HTTP services in Swift.", level: .intermediate, price: 4900,
            tags: ["swift", "server", "http"], outcomes: ["Write an HTTP service", "Talk to PostgreSQL"],
            sections: [
                Section(title: "Foundations", lessons: ["Structured concurrency", "An HTTP server"]),
                Section(title: "Data", lessons: ["Connecting to PostgreSQL", "Transactions", "Quiz: data"]),
                Section(title: "Shipping", lessons: ["Configuration", "Deploying"]),
            ]),
        Course(
            slug: "python-for-data-analysis", title: "Python for Data Analysis", category: "data-science",
            description: "Load, clean and explore data sets with Python.", level: .beginner, price: 2900,
            tags: ["python", "pandas", "data"], outcomes: ["Clean messy data", "Summarise data with groups"],
            sections: [
                Section(title: "Python basics", lessons: ["Values and types", "Collections", "Quiz: basics"]),
                Section(title: "Data frames", lessons: ["Loading data", "Cleaning", "Grouping"]),
            ]),
        Course(
            slug: "machine-learning-fundamentals", title: "Machine Learning Fundamentals", category: "data-science",
            description: "The ideas behind supervised learning, with practice.", level: .advanced, price: 7900,
            tags: ["machine-learning", "statistics"], outcomes: ["Train a model", "Evaluate it honestly"],
            sections: [
                Section(title: "Learning from data", lessons: ["What a model is", "Loss and optimisation"]),
                Section(title: "Evaluation", lessons: ["Train and test sets", "Overfitting", "Quiz: evaluation"]),
            ]),
        Course(
            slug: "ui-design-essentials", title: "UI Design Essentials", category: "design",
            description: "Design clear, usable interfaces.", level: .beginner, price: 3900,
            tags: ["ui", "design", "figma"], outcomes: ["Use a grid", "Pick type and colour"],
            sections: [
                Section(title: "Principles", lessons: ["Hierarchy", "Spacing and grids", "Quiz: principles"]),
                Section(title: "Practice", lessons: ["Designing a form", "Design review"]),
            ]),
        Course(
            slug: "typography-in-practice", title: "Typography in Practice", category: "design",
            description: "Choose and set type for screens and print.", level: .intermediate, price: 2500,
            tags: ["typography", "design"], outcomes: ["Pair typefaces", "Set readable text"],
            sections: [
                Section(title: "Letters", lessons: ["Anatomy of type", "Classifications"]),
                Section(title: "Setting text", lessons: ["Measure and leading", "Hierarchy with type"]),
            ]),
        Course(
            slug: "starting-a-small-business", title: "Starting a Small Business", category: "business",
            description: "From idea to first customers.", level: .beginner, price: 1900,
            tags: ["startup", "business"], outcomes: ["Test an idea", "Write a simple plan"],
            sections: [
                Section(title: "The idea", lessons: ["Finding a problem", "Talking to customers", "Quiz: ideas"]),
                Section(title: "The plan", lessons: ["Costs and prices", "Your first month"]),
            ]),
        Course(
            slug: "marketing-analytics", title: "Marketing Analytics", category: "business",
            description: "Measure what your marketing does.", level: .intermediate, price: 5900,
            tags: ["marketing", "analytics"], outcomes: ["Define useful metrics", "Run an experiment"],
            sections: [
                Section(title: "Metrics", lessons: ["Funnels", "Cohorts"]),
                Section(title: "Experiments", lessons: ["A/B tests", "Reading results", "Quiz: experiments"]),
            ]),
        Course(
            slug: "photography-basics", title: "Photography Basics", category: "photography",
            description: "Understand exposure and take better pictures.", level: .beginner, price: 0,
            tags: ["photography", "camera"], outcomes: ["Control exposure", "Compose a shot"],
            sections: [
                Section(title: "Exposure", lessons: ["Aperture", "Shutter speed", "Quiz: exposure"]),
                Section(title: "Composition", lessons: ["The rule of thirds", "Leading lines"]),
            ]),
        Course(
            slug: "photo-editing-workflow", title: "Photo Editing Workflow", category: "photography",
            description: "Edit a shoot from import to export.", level: .intermediate, price: 3500,
            tags: ["editing", "photography"], outcomes: ["Organise a library", "Edit consistently"],
            sections: [
                Section(title: "Import", lessons: ["Organising files", "Culling"]),
                Section(title: "Editing", lessons: ["Global adjustments", "Local adjustments", "Quiz: editing"]),
            ]),
        Course(
            slug: "music-theory-for-beginners", title: "Music Theory for Beginners", category: "music",
            description: "Read music and understand harmony.", level: .beginner, price: 1500,
            tags: ["music", "theory"], outcomes: ["Read notation", "Build chords"],
            sections: [
                Section(title: "Notation", lessons: ["The staff", "Rhythm", "Quiz: notation"]),
                Section(title: "Harmony", lessons: ["Scales", "Chords"]),
            ]),
        Course(
            slug: "home-music-production", title: "Home Music Production", category: "music",
            description: "Record and mix music at home.", level: .intermediate, price: 6900,
            tags: ["production", "mixing", "music"], outcomes: ["Record cleanly", "Mix a song"],
            sections: [
                Section(title: "Recording", lessons: ["Microphones", "Gain staging"]),
                Section(title: "Mixing", lessons: ["Balance", "Equalisation", "Quiz: mixing"]),
            ]),
    ]
}
