/// A path trie: static segments, `:name` parameters and a trailing `*`, each node holding its methods.
///
/// Built once from the router's routes and immutable afterwards. Matching prefers a static segment, then
/// a parameter, then the catch-all, backtracking when a branch dead-ends.
struct RouteTrie<Value: Sendable>: Sendable {
    final class Node: Sendable {
        let staticChildren: [String: Node]
        let parameter: (name: String, node: Node)?
        let catchAll: [HTTPMethod: Value]
        let values: [HTTPMethod: Value]

        init(
            staticChildren: [String: Node], parameter: (name: String, node: Node)?,
            catchAll: [HTTPMethod: Value], values: [HTTPMethod: Value]
        ) {
            self.staticChildren = staticChildren
            self.parameter = parameter
            self.catchAll = catchAll
            self.values = values
        }
    }

    /// What a lookup found.
    enum Match {
        /// The path matched; `values` maps its methods to their routes.
        case found([HTTPMethod: Value], Parameters)
        case notFound
    }

    let root: Node

    /// Builds the trie from `(method, pattern, value)` entries; later entries win on conflicts.
    init(_ entries: [(method: HTTPMethod, segments: [String], value: Value)]) {
        root = Self.build(entries, depth: 0)
    }

    private static func build(_ entries: [(method: HTTPMethod, segments: [String], value: Value)], depth: Int) -> Node {
        var values: [HTTPMethod: Value] = [:]
        var catchAll: [HTTPMethod: Value] = [:]
        var staticGroups: [String: [(method: HTTPMethod, segments: [String], value: Value)]] = [:]
        var parameterName: String?
        var parameterGroup: [(method: HTTPMethod, segments: [String], value: Value)] = []
        for entry in entries {
            guard depth < entry.segments.count else {
                values[entry.method] = entry.value
                continue
            }
            let segment = entry.segments[depth]
            if segment == "*" {
                catchAll[entry.method] = entry.value
            } else if segment.hasPrefix(":") {
                parameterName = String(segment.dropFirst())
                parameterGroup.append(entry)
            } else {
                staticGroups[segment, default: []].append(entry)
            }
        }
        let children = staticGroups.mapValues { build($0, depth: depth + 1) }
        let parameter = parameterName.map { (name: $0, node: build(parameterGroup, depth: depth + 1)) }
        return Node(staticChildren: children, parameter: parameter, catchAll: catchAll, values: values)
    }

    /// Splits a pattern or path into its non-empty segments.
    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Finds the routes for `path` (still percent-encoded; parameter values are decoded).
    func match(_ path: String) -> Match {
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        var parameters = Parameters()
        if let values = Self.match(root, segments[...], path: path, &parameters) { return .found(values, parameters) }
        return .notFound
    }

    private static func match(
        _ node: Node, _ segments: ArraySlice<Substring.UTF8View.SubSequence>, path: String,
        _ parameters: inout Parameters
    ) -> [HTTPMethod: Value]? {
        guard let segment = segments.first else {
            if !node.values.isEmpty { return node.values }
            return node.catchAll.isEmpty ? nil : withCatchAll(node, [], path: path, &parameters)
        }
        let rest = segments.dropFirst()
        if let child = node.staticChildren[String(Substring(segment))],
            let found = match(child, rest, path: path, &parameters)
        {
            return found
        }
        if let (name, child) = node.parameter, let value = PercentDecoding.decode(Substring(segment)) {
            parameters.set(name, value)
            if let found = match(child, rest, path: path, &parameters) { return found }
            parameters.removeLast()
        }
        if !node.catchAll.isEmpty { return withCatchAll(node, segments, path: path, &parameters) }
        return nil
    }

    private static func withCatchAll(
        _ node: Node, _ segments: ArraySlice<Substring.UTF8View.SubSequence>, path: String,
        _ parameters: inout Parameters
    ) -> [HTTPMethod: Value] {
        let remainder = segments.map { String(Substring($0)) }.joined(separator: "/")
        parameters.set("*", PercentDecoding.decode(remainder[...]) ?? remainder)
        return node.catchAll
    }
}
