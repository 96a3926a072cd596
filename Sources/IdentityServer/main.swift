import Foundation
import Identity

exit(
    await IdentityDependencies.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
