#!/usr/bin/env python3
"""Writes the CSV files the MPI tests train on (deterministic for a seed).

usage: mpi_data.py FOLDER
  train.csv     3000 rows: three numeric features, one text feature, a three-class target
  holdout.csv   500 more rows of the same distribution, for predictions
  other.csv     train.csv with one value changed (a rank that reads different data)
  values.csv    1500 rows with a numeric target (regression)
  quoted.csv    2400 rows for --shard: a quoted note with line breaks and commas in some rows,
                missing numbers and text, rare cities (for --max-categories), three classes
  ragged.csv    quoted.csv with a row of one field too many near line 2500 (in the last share)
"""
import os
import random
import sys


def classification_rows(generator, count):
    rows = []
    for _ in range(count):
        a, b, c = generator.gauss(0, 1), generator.gauss(5, 2), generator.random()
        colour = generator.choice(["red", "green", "blue"])
        score = a + 0.3 * b - 2 * c + (0.5 if colour == "red" else 0) + generator.gauss(0, 0.3)
        label = "high" if score > 1.6 else ("middle" if score > 0.2 else "low")
        rows.append("%.4f,%.4f,%.4f,%s,%s" % (a, b, c, colour, label))
    return rows


def main():
    folder = sys.argv[1]
    generator = random.Random(13)
    header = "a,b,c,colour,y"
    train = classification_rows(generator, 3000)
    holdout = classification_rows(generator, 500)
    with open(os.path.join(folder, "train.csv"), "w") as handle:
        handle.write("\n".join([header] + train) + "\n")
    with open(os.path.join(folder, "holdout.csv"), "w") as handle:
        handle.write("\n".join([header] + holdout) + "\n")
    other = list(train)
    first = other[1234].split(",")
    first[0] = "%.4f" % (float(first[0]) + 0.5)
    other[1234] = ",".join(first)
    with open(os.path.join(folder, "other.csv"), "w") as handle:
        handle.write("\n".join([header] + other) + "\n")
    with open(os.path.join(folder, "values.csv"), "w") as handle:
        handle.write("x1,x2,x3,price\n")
        for _ in range(1500):
            x = [generator.uniform(-2, 2) for _ in range(3)]
            price = 1000 + 300 * x[0] - 150 * x[1] * x[1] + 80 * x[2] + generator.gauss(0, 20)
            handle.write("%.4f,%.4f,%.4f,%.2f\n" % (x[0], x[1], x[2], price))
    cities = ["Oslo"] * 16 + ["Bergen"] * 8 + ["Trondheim"] * 4 + ["Bodo", "Bodo", "Molde", "Hamar"]
    lines = ["a,b,note,city,y"]
    for row in range(2400):
        a, b = generator.gauss(0, 1), round(generator.uniform(0, 9))
        note = '"first line\nsecond, with ""quotes"""' if row % 7 == 0 else ("" if row % 11 == 0 else "n%d" % (row % 5))
        city = "" if row % 13 == 0 else generator.choice(cities)
        label = "high" if a + 0.2 * b > 1.2 else ("low" if a < -0.5 else "mid")
        lines.append("%s,%s,%s,%s,%s" % ("" if row % 17 == 0 else "%.3f" % a, "NA" if row % 19 == 0 else "%d" % b,
                                         note, city, label))
    with open(os.path.join(folder, "quoted.csv"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    text = "\n".join(lines) + "\n"
    physical = text.split("\n")
    # The first whole one-line record from line 2500 on (not inside or opening a quoted note).
    bad = next(index for index in range(2499, len(physical))
               if '"' not in physical[index] and not physical[index - 1].endswith('"first line'))
    physical[bad] = physical[bad] + ",extra"
    with open(os.path.join(folder, "ragged.csv"), "w") as handle:
        handle.write("\n".join(physical))
    print("ragged.csv: the extra field is on line %d" % (bad + 1))


if __name__ == "__main__":
    main()
