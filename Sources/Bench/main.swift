// campus-bench: load generators for the project's benchmarks (see README, "Benchmarks").
//
//   campus-bench db URL CLIENTS SECONDS [LOOPS]   select-by-id through our pool; prints queries/s
//   campus-bench crypto                           scrypt hashes/s and JWT sign/verify per second
//   campus-bench json                             a course list page through JSONEncoder and JSONWriter
import Crypto
import Foundation

let usage = """
    usage: campus-bench db URL CLIENTS SECONDS [LOOPS]
           campus-bench crypto
           campus-bench json

    """
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "db":
    let values = Array(arguments.dropFirst())
    guard values.count >= 3, let clients = Int(values[1]), let seconds = Int(values[2]), clients > 0, seconds > 0 else {
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    }
    let loops = values.count > 3 ? Int(values[3]) ?? 1 : 1
    let benchmark = DatabaseBenchmark(url: values[0], clients: clients, duration: .seconds(seconds), loops: loops)
    let rate = try await benchmark.run()
    print(String(format: "%.0f", rate))
case "crypto":
    print(await CryptoBenchmark.run())
case "json":
    print(try JSONBenchmark.run())
default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
