import NeuralCommands
NeuralCommand.main()
