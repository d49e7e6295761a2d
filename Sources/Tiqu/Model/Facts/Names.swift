/// A named program, campaign, method or service: `“红色管家”楼宇志愿行动`.
public struct Program: Sendable, Equatable {
    /// The quoted name (Simplified).
    public var name: String
    /// The head noun after the name that makes it a program.
    public var head: String?
    /// What sort of program the head says (`initiative`, `method`, `brand` …).
    public var kind: String?
    /// A generic institution word before the name (`社会组织服务中心“乐邻空间”`).
    public var generic: String?

    public init(name: String, head: String?, kind: String?, generic: String? = nil) {
        self.name = name
        self.head = head
        self.kind = kind
        self.generic = generic
    }
}

/// A cited document: `《关于加强社区治理的意见》`, with the body that issued it when the text says.
public struct Citation: Sendable, Equatable {
    public var title: String
    public var issuer: String?

    public init(title: String, issuer: String?) {
        self.title = title
        self.issuer = issuer
    }
}

/// An honor: `全国和谐社区建设示范街道`, its level, who holds it, and whether it is held or a goal.
public struct Honor: Sendable, Equatable {
    public var title: String
    /// `national`, `provincial`, `municipal`, `district` from the title's level word or the place it names.
    public var level: String?
    public var recipient: String?
    /// `held`, or `goal` for a title a plan aims at (`创建全国文明城市`): a data user counting honors
    /// held must not count plans, and one tracking plans needs them.
    public var status: String

    public init(title: String, level: String?, recipient: String?, status: String = Honor.held) {
        self.title = title
        self.level = level
        self.recipient = recipient
        self.status = status
    }

    public static let held = "held", goal = "goal"
}

/// A named place with its administrative level and, when the text chains it, its parent.
public struct Place: Sendable, Equatable {
    public var name: String
    public var level: String
    public var parent: String?
    /// The official division code, when the page picks one unit of the gazetteer.
    public var code: String?
    /// How many units of the gazetteer the name may be on this page (1 once a code is chosen).
    public var candidates: Int

    public init(name: String, level: String, parent: String?, code: String? = nil, candidates: Int = 0) {
        self.name = name
        self.level = level
        self.parent = parent
        self.code = code
        self.candidates = candidates
    }
}

/// An enumeration of units: `安居、…、中兴等11个社区` → 11 community units and their names.
public struct Division: Sendable, Equatable {
    public var count: Int
    public var level: String
    /// The unit word as written (`社区`).
    public var unit: String
    public var names: [String]

    public init(count: Int, level: String, unit: String, names: [String]) {
        self.count = count
        self.level = level
        self.unit = unit
        self.names = names
    }
}
