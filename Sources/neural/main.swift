import NeuralCommands
NeuralCommand.runAsMain()
