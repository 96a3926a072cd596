import Catalog
import Foundation

exit(
    await CatalogDependencies.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
