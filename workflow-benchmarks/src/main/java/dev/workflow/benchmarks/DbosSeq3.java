package dev.workflow.benchmarks;

/**
 * The compared workflow as DBOS Transact declares it: an interface DBOS proxies, implemented by
 * {@link Contender.Dbos}. Public because DBOS builds a proxy of it.
 */
public interface DbosSeq3 {

	/**
	 * Runs the workflow: three steps, each returning its input plus one character.
	 * @param input the input
	 * @return the input with three characters appended
	 */
	String run(String input);

}
