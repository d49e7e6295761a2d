// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Tiqu",
    products: [
        .library(name: "Tiqu", targets: ["Tiqu"]),
        .executable(name: "tiqu", targets: ["TiquCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.3.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries: the real parsers and converters, not hand-rolled copies.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // SQLite's C API for `--sqlite`: a dozen prepared statements in batched transactions need no wrapper.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // ICU's C regex API (libicu-dev), for time limits on rule patterns. A C target rather than a
        // system library: its header must hide ICU's types, which clash with Foundation's own ICU.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        // OpenCC's own C++ reader of its dictionaries, behind one C function: the C API converts
        // but does not list a dictionary's words, which `PhraseKeys` needs.
        .target(name: "COpenCCKeys", linkerSettings: [.linkedLibrary("opencc")]),
        .target(
            name: "Tiqu",
            dependencies: [
                "CICU", "CLibXML2", "COpenCC", "COpenCCKeys", "CSQLite", "CUchardet", "CZlib",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "TiquCLI",
            dependencies: ["Tiqu", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "TiquTests", dependencies: ["Tiqu", "CSQLite", "CZlib"]),
    ]
)
