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
        // Persistence and HTTP.
        .target(
            name: "JiuyeApp",
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
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "XCTVapor", package: "vapor"),
            ]
        ),
    ]
)
