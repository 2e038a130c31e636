// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Jiuye",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jiuye", targets: ["jiuye"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The rules: pure Swift, no Vapor, no Fluent.
        .target(name: "JiuyeDomain", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // zlib from the system (Debian's zlib1g-dev), for the zip container of .xlsx.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Spreadsheets: .xlsx and CSV readers and streaming writers. Pure Swift plus zlib and iconv.
        .target(name: "JiuyeSheets", dependencies: ["CZlib"]),
        // The page layer: typed HTML builder, escaping, components. No Vapor.
        .target(name: "JiuyeHTML", dependencies: ["JiuyeDomain"]),
        // The platform: accounts, security, orgs, scopes, audit, messages, uploads, windows, code
        // tables, import/export, documents, jobs and the case core. Knows no module by name.
        .target(
            name: "JiuyePlatform",
            dependencies: [
                "JiuyeDomain",
                "JiuyeHTML",
                "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        // Modules: each depends on the platform, never on another module.
        .target(
            name: "JiuyeEmployment",
            dependencies: [
                "JiuyePlatform", "JiuyeDomain", "JiuyeHTML", "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        // 基层就业资助 (seeds 000, 001): the registry, the six cases, the college and school reviews.
        .target(
            name: "JiuyeGrassrootsAid",
            dependencies: [
                "JiuyePlatform", "JiuyeDomain", "JiuyeHTML", "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        // 生活补贴 (seed 002): units, applicants, work experience, applications and the 13-step chain.
        .target(
            name: "JiuyeLivingSubsidy",
            dependencies: [
                "JiuyePlatform", "JiuyeDomain", "JiuyeHTML", "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        // 就业网 (seed 003 §1–2): 招聘信息 so far.
        .target(
            name: "JiuyeJobCentre",
            dependencies: [
                "JiuyePlatform", "JiuyeDomain", "JiuyeHTML", "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        // Wiring: the modules this application serves, the commands and the demo data.
        .target(
            name: "JiuyeApp",
            dependencies: [
                "JiuyePlatform",
                "JiuyeEmployment",
                "JiuyeGrassrootsAid",
                "JiuyeLivingSubsidy",
                "JiuyeJobCentre",
                "JiuyeDomain",
                "JiuyeHTML",
                "JiuyeSheets",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        .executableTarget(name: "jiuye", dependencies: ["JiuyeApp"]),
        .testTarget(
            name: "JiuyeDomainTests",
            dependencies: [
                "JiuyeDomain",
                "JiuyeHTML",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "JiuyeHTMLTests", dependencies: ["JiuyeHTML"]),
        .testTarget(name: "JiuyeSheetsTests", dependencies: ["JiuyeSheets"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "JiuyeAppTests",
            dependencies: [
                "JiuyeApp",
                "JiuyePlatform",
                "JiuyeEmployment",
                "JiuyeGrassrootsAid",
                "JiuyeLivingSubsidy",
                "JiuyeJobCentre",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "XCTVapor", package: "vapor"),
            ]
        ),
    ]
)
