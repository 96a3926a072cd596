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
        .executable(name: "campus-bench-server", targets: ["BenchServer"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(name: "CSystem"),
        .target(name: "IO", dependencies: ["CSystem"], swiftSettings: strict),
        .testTarget(name: "IOTests", dependencies: ["IO"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["IO", "COpenSSL", "CSystem"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "IO"], swiftSettings: strict),
        .executableTarget(name: "BenchServer", dependencies: ["HTTP", "IO"], swiftSettings: strict),
    ]
)
