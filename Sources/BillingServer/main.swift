import Foundation
import Billing

exit(
    await BillingService.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
