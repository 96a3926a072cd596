import Foundation
import Identity

exit(
    await IdentityService.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
