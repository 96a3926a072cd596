import Catalog
import Foundation

exit(
    await CatalogService.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
