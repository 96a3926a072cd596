import Foundation
import Learning

exit(
    await LearningService.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
