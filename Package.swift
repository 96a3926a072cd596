// swift-tools-version:6.0
// Campus: the back end of an online-course platform. No package dependencies: only the toolchain and
// the system libraries libpq and OpenSSL 3.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Campus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "campus-bench", targets: ["Bench"]),
        .executable(name: "campus-bench-server", targets: ["BenchServer"]),
        .executable(name: "identity", targets: ["IdentityServer"]),
        .executable(name: "catalog", targets: ["CatalogServer"]),
        .executable(name: "learning", targets: ["LearningServer"]),
        .executable(name: "billing", targets: ["BillingServer"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(name: "CSystem"),
        .target(name: "OpenSSLSupport", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "IO", dependencies: ["CSystem"], swiftSettings: strict),
        .target(name: "Time", swiftSettings: strict),
        .testTarget(name: "TimeTests", dependencies: ["Time"], swiftSettings: strict),
        .target(name: "Logging", dependencies: ["Time"], swiftSettings: strict),
        .testTarget(name: "LoggingTests", dependencies: ["Logging", "Time", "TestSupport"], swiftSettings: strict),
        .target(name: "Postgres", dependencies: ["CLibPQ", "IO", "Time"], swiftSettings: strict),
        .executableTarget(name: "Bench", dependencies: ["IO", "Postgres", "Crypto", "HTTP"], swiftSettings: strict),
        .target(
            name: "TestSupport",
            dependencies: ["IO", "Logging", "Postgres", "HTTP", "Crypto", "Contracts", "ServiceKit"],
            path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "IOTests", dependencies: ["IO"], swiftSettings: strict),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "IO", "TestSupport"], swiftSettings: strict),
        .target(
            name: "Crypto",
            dependencies: ["COpenSSL", "OpenSSLSupport"],
            exclude: ["Password/CommonPasswords-NOTICE.md"],
            resources: [.copy("Password/CommonPasswords.txt")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CryptoTests",
            dependencies: ["Crypto", "TestSupport"],
            exclude: ["interop.py"],
            swiftSettings: strict
        ),
        .target(
            name: "HTTP", dependencies: ["IO", "Logging", "COpenSSL", "OpenSSLSupport", "CSystem"],
            swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "IO", "Logging", "TestSupport"], swiftSettings: strict),
        .executableTarget(
            name: "BenchServer", dependencies: ["HTTP", "IO", "Logging", "Postgres"], swiftSettings: strict),
        .target(name: "Contracts", swiftSettings: strict),
        .target(
            name: "Identity",
            dependencies: ["ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time"],
            swiftSettings: strict),
        .executableTarget(name: "IdentityServer", dependencies: ["Identity"], swiftSettings: strict),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "Identity", "ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time",
                "TestSupport",
            ],
            exclude: ["smtp_sink.py"], swiftSettings: strict),
        .target(
            name: "Catalog",
            dependencies: ["ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time"],
            swiftSettings: strict),
        .executableTarget(name: "CatalogServer", dependencies: ["Catalog"], swiftSettings: strict),
        .testTarget(
            name: "CatalogTests",
            dependencies: [
                "Catalog", "ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "TestSupport",
            ],
            swiftSettings: strict),
        .target(
            name: "Learning",
            dependencies: ["ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time"],
            swiftSettings: strict),
        .executableTarget(name: "LearningServer", dependencies: ["Learning"], swiftSettings: strict),
        .testTarget(
            name: "LearningTests",
            dependencies: [
                "Learning", "ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time",
                "TestSupport",
            ],
            swiftSettings: strict),
        .target(
            name: "Billing",
            dependencies: ["ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time"],
            swiftSettings: strict),
        .executableTarget(name: "BillingServer", dependencies: ["Billing"], swiftSettings: strict),
        .testTarget(
            name: "BillingTests",
            dependencies: [
                "Billing", "ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time",
                "TestSupport",
            ],
            swiftSettings: strict),
        .target(
            name: "ServiceKit", dependencies: ["HTTP", "IO", "Logging", "Postgres", "Crypto", "Contracts", "Time"],
            resources: [.copy("Migrations/servicekit")], swiftSettings: strict),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "Contracts", "HTTP", "IO", "Logging", "Postgres", "Crypto", "Time", "TestSupport",
            ],
            swiftSettings: strict),
    ]
)
